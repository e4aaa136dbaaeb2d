import Foundation
import GRDB
import IAMPolicy
import IAMStore

/// Shortest AssumeRole chains over the stored edges, computed by the
/// recursive SQL in ``ShortestChainsSQL``.
public struct ChainQueries: Sendable {
    /// The hop limit when none is given: longer chains are rare and slow to read.
    public static let defaultMaxHops = 6

    public struct Options: Sendable {
        public var maxHops: Int
        public var unconditionalOnly: Bool

        public init(maxHops: Int = ChainQueries.defaultMaxHops, unconditionalOnly: Bool = false) {
            self.maxHops = maxHops
            self.unconditionalOnly = unconditionalOnly
        }
    }

    let store: RoleChainStore

    public init(store: RoleChainStore) {
        self.store = store
    }

    /// For every principal that can reach one of `seeds`, its shortest chain
    /// to it (a seed's own chain has no hop), keyed by the chain's start.
    public func chains(towards seeds: [Int64], options: Options) throws -> [Int64: Chain] {
        guard !seeds.isEmpty else { return [:] }
        return try store.readWithScratch { db in
            let arguments: StatementArguments = [
                "seeds": Self.jsonArray(seeds), "maxHops": options.maxHops,
                "unconditionalOnly": options.unconditionalOnly,
            ]
            try db.execute(sql: ShortestChainsSQL.prepareScratch)
            try db.execute(sql: ShortestChainsSQL.distancesTowardsSeeds, arguments: arguments)
            let rows = try Row.fetchAll(db, sql: ShortestChainsSQL.pathsTowardsSeeds, arguments: arguments)
            let chains = try ChainHydrator(db: db).chains(
                rows.map { (($0["start"] as Int64), $0["nodes"], $0["edges"]) }
            )
            return Dictionary(chains.map { ($0.source?.id ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Every principal reachable from `origin`, with its shortest chain.
    public func chains(from origin: Int64, options: Options) throws -> [Chain] {
        try store.readWithScratch { db in
            try chains(db, from: origin, options: options)
        }
    }

    /// Every chain between principals, shortest per (source, target) pair,
    /// optionally only from `sources` and only to `targets`.
    public func allChains(from sources: [Int64]? = nil, to targets: Set<Int64>? = nil, options: Options) throws
        -> [Chain]
    {
        // Towards one target, one backward walk beats a search from every source.
        if sources == nil, let targets, targets.count == 1 {
            return try chains(towards: targets.sorted(), options: options).values
                .filter { $0.hopCount > 0 && targets.contains($0.target?.id ?? -1) }
                .sorted { ($0.source?.arn ?? "", $0.hopCount) < ($1.source?.arn ?? "", $1.hopCount) }
        }
        return try store.readWithScratch { db in
            let origins =
                try sources
                ?? Int64.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT e.sourceId FROM edge e JOIN principal p ON p.id = e.sourceId
                         WHERE p.kind != 'assumer-set' ORDER BY e.sourceId
                        """
                )
            guard !origins.isEmpty else { return [] }
            let found = try allPairs(db, origins: origins, options: options)
            let wanted = targets.map { wanted in found.filter { wanted.contains($0.target?.id ?? -1) } } ?? found
            return wanted.sorted {
                ($0.source?.arn ?? "", $0.hopCount, $0.target?.arn ?? "") < (
                    $1.source?.arn ?? "", $1.hopCount, $1.target?.arn ?? ""
                )
            }
        }
    }

    /// Breadth-first from every origin at once, one SQL statement per level
    /// (see ``AllPairsChainsSQL``), then the paths in one recursive query.
    private func allPairs(_ db: Database, origins: [Int64], options: Options) throws -> [Chain] {
        let originList = Self.jsonArray(origins)
        let targetCount = try Int.fetchOne(db, sql: "SELECT count(DISTINCT targetId) FROM edge") ?? 0
        try db.execute(sql: AllPairsChainsSQL.prepare)
        try db.execute(sql: AllPairsChainsSQL.seed, arguments: ["origins": originList])
        for sure in [0, 1] where !(sure == 1 && options.unconditionalOnly) {
            if sure == 1 { try db.execute(sql: AllPairsChainsSQL.reopenOrigins, arguments: ["origins": originList]) }
            for depth in 0...options.maxHops {
                var found = 0
                for hopCost in depth == 0 ? [0] : [1, 0] {
                    try db.execute(
                        sql: AllPairsChainsSQL.expand,
                        arguments: [
                            "from": hopCost == 1 ? depth - 1 : depth, "depth": depth, "hopCost": hopCost, "sure": sure,
                            "unconditionalOnly": options.unconditionalOnly,
                        ]
                    )
                    found += db.changesCount
                }
                try db.execute(
                    sql: AllPairsChainsSQL.closeFinishedOrigins,
                    arguments: ["sure": sure, "targetCount": targetCount]
                )
                if found == 0 && depth > 0 { break }
            }
        }
        try db.execute(sql: AllPairsChainsSQL.point, arguments: ["unconditionalOnly": options.unconditionalOnly])
        let rows = try Row.fetchAll(db, sql: AllPairsChainsSQL.paths)
        return try ChainHydrator(db: db).chains(rows.map { (($0["target"] as Int64), $0["nodes"], $0["edges"]) })
    }

    private func chains(_ db: Database, from origin: Int64, options: Options) throws -> [Chain] {
        let arguments: StatementArguments = [
            "origin": origin, "maxHops": options.maxHops, "unconditionalOnly": options.unconditionalOnly,
        ]
        try db.execute(sql: ShortestChainsSQL.prepareScratch)
        try db.execute(sql: ShortestChainsSQL.distancesFromOrigin, arguments: arguments)
        let rows = try Row.fetchAll(db, sql: ShortestChainsSQL.pathsFromOrigin, arguments: arguments)
        return try ChainHydrator(db: db).chains(rows.map { (($0["target"] as Int64), $0["nodes"], $0["edges"]) })
            .sorted { ($0.hopCount, $0.target?.arn ?? "") < ($1.hopCount, $1.target?.arn ?? "") }
    }

    static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}

/// Turns rows of comma-separated node and edge ids into ``Chain`` values,
/// fetching each principal and edge once.
struct ChainHydrator {
    let db: Database

    func chains(_ rows: [(key: Int64, nodes: String, edges: String)]) throws -> [Chain] {
        let nodeIDs = rows.map { Self.ids($0.nodes) }
        let edgeIDs = rows.map { Self.ids($0.edges) }
        let nodes = try self.nodes(Set(nodeIDs.flatMap { $0 }))
        let hops = try self.hops(Set(edgeIDs.flatMap { $0 }))
        return zip(nodeIDs, edgeIDs).compactMap { nodeList, edgeList in
            let chainNodes = nodeList.compactMap { nodes[$0] }
            let chainHops = edgeList.compactMap { hops[$0] }
            guard chainNodes.count == nodeList.count, chainHops.count == edgeList.count else { return nil }
            return Self.withoutAssumerSets(Chain(nodes: chainNodes, hops: chainHops))
        }
    }

    /// Removes the nodes that stand for an account's any-role assumers:
    /// member → set → role reads as one hop member → role, with both edges'
    /// grants and caveats. A chain that starts or ends at such a node is
    /// not a chain of principals and is dropped.
    static func withoutAssumerSets(_ chain: Chain) -> Chain? {
        guard chain.nodes.first?.kind != "assumer-set", chain.nodes.last?.kind != "assumer-set" else { return nil }
        guard chain.nodes.contains(where: { $0.kind == "assumer-set" }) else { return chain }
        var nodes: [ChainNode] = [chain.nodes[0]]
        var hops: [ChainHop] = []
        var pending: ChainHop?
        for (index, hop) in chain.hops.enumerated() {
            let next = chain.nodes[index + 1]
            var merged = hop
            if let first = pending {
                merged = ChainHop(
                    edgeID: hop.edgeID,
                    kind: hop.kind,
                    caveats: (first.caveats + hop.caveats).uniqued(),
                    grants: (hop.grants + first.grants).uniqued(),
                    notes: (first.notes + hop.notes).uniqued()
                )
                pending = nil
            }
            if next.kind == "assumer-set" {
                pending = merged
            } else {
                nodes.append(next)
                hops.append(merged)
            }
        }
        return Chain(nodes: nodes, hops: hops)
    }

    static func ids(_ text: String) -> [Int64] {
        text.split(separator: ",").compactMap { Int64($0) }
    }

    func nodes(_ ids: Set<Int64>) throws -> [Int64: ChainNode] {
        var result: [Int64: ChainNode] = [:]
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT id, arn, kind, accountId, isAnalysed FROM principal WHERE id IN (SELECT value FROM json_each(?))",
            arguments: [ChainQueries.jsonArray(ids.sorted())]
        ) {
            let id: Int64 = row["id"]
            result[id] = ChainNode(
                id: id,
                arn: row["arn"],
                kind: row["kind"],
                accountID: row["accountId"],
                isAnalysed: row["isAnalysed"]
            )
        }
        return result
    }

    func hops(_ ids: Set<Int64>) throws -> [Int64: ChainHop] {
        var result: [Int64: ChainHop] = [:]
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT e.id, e.kind, e.caveats, e.notes,
                       (SELECT json_group_array(json_extract(g.value, '$.citation')) FROM json_each(e.grants) g) AS grants
                  FROM edge e WHERE e.id IN (SELECT value FROM json_each(?))
                """,
            arguments: [ChainQueries.jsonArray(ids.sorted())]
        ) {
            let id: Int64 = row["id"]
            let caveatText: String = row["caveats"]
            let grantText: String = row["grants"]
            let noteText: String = row["notes"]
            result[id] = ChainHop(
                edgeID: id,
                kind: row["kind"],
                caveats: (try? decoder.decode([Caveat].self, from: Data(caveatText.utf8))) ?? [],
                grants: (try? decoder.decode([String].self, from: Data(grantText.utf8))) ?? [],
                notes: (try? decoder.decode([String].self, from: Data(noteText.utf8))) ?? []
            )
        }
        return result
    }
}
