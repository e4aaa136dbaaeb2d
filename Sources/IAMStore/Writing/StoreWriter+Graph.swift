import Foundation
import GRDB
import IAMPolicy

extension StoreWriter {
    /// Caveats as stored in `edge.caveats`; written by hand because this
    /// runs once per edge, hundreds of thousands of times on a large estate.
    static func json(_ caveats: [Caveat]) -> String {
        JSONValue.array(
            caveats.map { caveat in
                var members: [String: JSONValue] = [
                    "kind": .string(caveat.kind.rawValue),
                    "condition": .string(caveat.condition),
                    "keys": .array(caveat.keys.map { .string($0) }),
                ]
                if let source = caveat.source { members["source"] = .string(source) }
                return .object(members)
            }
        ).serialized
    }

    /// Grants as stored in `edge.grants`.
    static func json(_ grants: [StatementCitation]) -> String {
        JSONValue.array(
            grants.map { grant in
                .object([
                    "statementId": grant.statementID.map { .number(String($0)) } ?? .null,
                    "citation": .string(grant.description),
                ])
            }
        ).serialized
    }

    /// Clears the derived rows and returns a writer for the new edges, so a
    /// derivation can stream its edges to disk instead of holding them all.
    public func beginDerivedGraph() throws -> DerivedEdgeWriter {
        try db.execute(sql: "DELETE FROM edge")
        try db.execute(sql: "DELETE FROM finding WHERE stage = 'derivation'")
        try db.execute(
            sql:
                "DELETE FROM principal WHERE isAnalysed = 0 OR kind IN ('service', 'federated', 'account', 'anyone', 'assumer-set')"
        )
        try db.execute(
            sql:
                "DELETE FROM account WHERE isAnalysed = 0 AND id NOT IN (SELECT accountId FROM bucket WHERE accountId IS NOT NULL)"
        )
        var writer = try DerivedEdgeWriter(db: db)
        // Every edge is written anew: the edge indexes are built once at the end.
        writer.suspendedIndexes = try suspendIndexes(of: ["edge"])
        return writer
    }

    /// Records the derivation's findings and builds the edge indexes.
    public func finishDerivedGraph(_ writer: DerivedEdgeWriter, findings: [DerivedFinding]) throws {
        if let suspended = writer.suspendedIndexes { try restore(suspended) }
        for finding in findings {
            try addFinding(
                stage: "derivation",
                kind: finding.kind,
                accountID: finding.accountID,
                subject: finding.subject,
                message: finding.message
            )
        }
    }
}

/// Writes derived edges one at a time, creating entry principals (and
/// placeholder accounts) the first time an edge names them.
public struct DerivedEdgeWriter {
    private let insertEntry: Statement
    private let findEntry: Statement
    private let insertAccount: Statement
    private let insertEdge: RowInsert
    private var entryIDs: [NodeReference: Int64] = [:]
    fileprivate var suspendedIndexes: StoreWriter.SuspendedIndexes?
    public private(set) var count = 0
    public private(set) var conditionalCount = 0

    init(db: Database) throws {
        insertEntry = try db.makeStatement(
            sql:
                "INSERT INTO principal (kind, arn, accountId, name, isAnalysed) VALUES (?, ?, ?, ?, 0) ON CONFLICT (arn) DO NOTHING"
        )
        findEntry = try db.makeStatement(sql: "SELECT id FROM principal WHERE arn = ?")
        insertAccount = try db.makeStatement(
            sql: "INSERT OR IGNORE INTO account (id, partition, isAnalysed) VALUES (?, ?, 0)"
        )
        insertEdge = try RowInsert(
            db,
            sql: """
                INSERT INTO edge (kind, sourceId, targetId, hopCost, isConditional, caveats, grants, notes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (sourceId, targetId, kind) DO NOTHING
                """
        )
    }

    public mutating func write(_ edge: EncodedEdge) throws {
        let sourceID = try resolve(edge.source)
        let targetID = try resolve(edge.target)
        try insertEdge.run {
            $0.bind(1, edge.kind)
            $0.bind(2, sourceID)
            $0.bind(3, targetID)
            $0.bind(4, edge.hopCost)
            $0.bind(5, edge.isConditional)
            $0.bind(6, edge.caveats)
            $0.bind(7, edge.grants)
            $0.bind(8, edge.notes)
        }
        count += 1
        if edge.isConditional { conditionalCount += 1 }
    }

    private mutating func resolve(_ node: NodeReference) throws -> Int64 {
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
}

/// A derived edge with its caveats, grants and notes already in the JSON the
/// `edge` table stores, so the encoding can run on another thread than the
/// one writing to SQLite.
public struct EncodedEdge: Sendable {
    public var kind: String
    public var source: NodeReference
    public var target: NodeReference
    public var hopCost: Int
    public var isConditional: Bool
    public var caveats: String
    public var grants: String
    public var notes: String

    public init(_ edge: DerivedEdge) {
        var cache = Encoder()
        self.init(edge, using: &cache)
    }

    /// Encodes with `cache`, which remembers the JSON of the caveats and
    /// grants it has seen: on a large estate thousands of edges carry the
    /// same ones (one trust statement, one shared policy).
    public init(_ edge: DerivedEdge, using cache: inout Encoder) {
        kind = edge.kind
        source = edge.source
        target = edge.target
        hopCost = edge.hopCost
        isConditional = !edge.caveats.isEmpty
        caveats = cache.json(edge.caveats)
        grants = cache.json(edge.grants)
        notes = edge.notes.isEmpty ? "[]" : JSONValue.array(edge.notes.map { .string($0) }).serialized
    }

    /// Remembered encodings, bounded so memory stays flat on any estate.
    public struct Encoder {
        static let limit = 50_000
        private var caveats: [[Caveat]: String] = [:]
        private var grants: [[StatementCitation]: String] = [:]

        public init() {}

        mutating func json(_ value: [Caveat]) -> String {
            if value.isEmpty { return "[]" }
            if let known = caveats[value] { return known }
            let text = StoreWriter.json(value)
            if caveats.count >= Self.limit { caveats.removeAll(keepingCapacity: true) }
            caveats[value] = text
            return text
        }

        mutating func json(_ value: [StatementCitation]) -> String {
            if let known = grants[value] { return known }
            let text = StoreWriter.json(value)
            if grants.count >= Self.limit { grants.removeAll(keepingCapacity: true) }
            grants[value] = text
            return text
        }
    }
}
