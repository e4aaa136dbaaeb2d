import Foundation
import GRDB
import IAMPolicy

extension StoreWriter {
    /// Replaces every derived row — edges, entry principals, derivation
    /// findings — with a new derivation's, so the graph always matches the
    /// imported data.
    public func replaceDerivedGraph(edges: [DerivedEdge], findings: [DerivedFinding]) throws {
        try db.execute(sql: "DELETE FROM edge")
        try db.execute(sql: "DELETE FROM finding WHERE stage = 'derivation'")
        try db.execute(sql: "DELETE FROM principal WHERE isAnalysed = 0 OR kind IN ('service', 'federated', 'account', 'anyone')")
        try db.execute(sql: "DELETE FROM account WHERE isAnalysed = 0 AND id NOT IN (SELECT accountId FROM bucket WHERE accountId IS NOT NULL)")
        var entryIDs: [NodeReference: Int64] = [:]
        let insertEntry = try db.cachedStatement(
            sql: "INSERT INTO principal (kind, arn, accountId, name, isAnalysed) VALUES (?, ?, ?, ?, 0) ON CONFLICT (arn) DO NOTHING"
        )
        let findEntry = try db.cachedStatement(sql: "SELECT id FROM principal WHERE arn = ?")
        let insertAccount = try db.cachedStatement(sql: "INSERT OR IGNORE INTO account (id, partition, isAnalysed) VALUES (?, ?, 0)")
        func resolve(_ node: NodeReference) throws -> Int64 {
            switch node {
            case .principal(let id): return id
            case .entry(let kind, let arn, let accountID):
                if let id = entryIDs[node] { return id }
                if let accountID {
                    try insertAccount.execute(arguments: [accountID, ARN(arn)?.partition ?? "aws"])
                }
                try insertEntry.execute(arguments: [kind, arn, accountID, ARN(arn)?.resourceName])
                guard let id = try Int64.fetchOne(findEntry, arguments: [arn]) else {
                    throw DatabaseError(resultCode: .SQLITE_ERROR, message: "entry principal \(arn) was not written")
                }
                entryIDs[node] = id
                return id
            }
        }
        let insertEdge = try db.cachedStatement(
            sql: """
                INSERT INTO edge (kind, sourceId, targetId, hopCost, isConditional, caveats) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, sourceId, targetId) DO NOTHING
                """
        )
        let insertGrant = try db.cachedStatement(sql: "INSERT INTO edgeGrant (edgeId, statementId, citation) VALUES (?, ?, ?)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for edge in edges {
            let sourceID = try resolve(edge.source)
            let targetID = try resolve(edge.target)
            let caveats = String(decoding: try encoder.encode(edge.caveats), as: UTF8.self)
            try insertEdge.execute(arguments: [edge.kind, sourceID, targetID, edge.hopCost, !edge.caveats.isEmpty, caveats])
            guard db.changesCount > 0 else { continue }
            let edgeID = db.lastInsertedRowID
            for grant in edge.grants {
                try insertGrant.execute(arguments: [edgeID, grant.statementID, grant.description])
            }
        }
        for finding in findings {
            try addFinding(
                stage: "derivation", kind: finding.kind, accountID: finding.accountID, subject: finding.subject, message: finding.message
            )
        }
    }
}
