import Foundation
import GRDB
import IAMPolicy
import IAMStore

/// Shortest AssumeRole chains over the stored edges, computed by the
/// breadth-first SQL in ``ShortestChainsSQL``.
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
            let seedList = Self.jsonArray(seeds)
            try walk(db, towards: seedList, options: options)
            var next: [Int64: (edge: Int64, node: Int64)] = [:]
            var reached: [Int64] = []
            let pointers = try Row.fetchCursor(db, sql: ShortestChainsSQL.seedPointers)
            while let row = try pointers.next() {
                let node: Int64 = row[0]
                reached.append(node)
                if let edge: Int64 = row[1], let target: Int64 = row[2] { next[node] = (edge, target) }
            }
            let known = Set(reached)
            // One path per principal, by the pointers, to a principal without
            // one: a seed. (The bound only guards against a cycle of free steps.)
            var paths: [(nodes: [Int64], edges: [Int64])] = []
            paths.reserveCapacity(reached.count)
            for start in reached {
                var nodes = [start]
                var edges: [Int64] = []
                nodes.reserveCapacity(min(options.maxHops, 8) + 2)
                edges.reserveCapacity(min(options.maxHops, 8) + 1)
                var current = start
                while let step = next[current], edges.count <= reached.count {
                    edges.append(step.edge)
                    nodes.append(step.node)
                    current = step.node
                }
                guard known.contains(current), next[current] == nil else { continue }
                paths.append((nodes, edges))
            }
            let chains = try ChainHydrator(db: db).chains(paths)
            return Dictionary(chains.map { ($0.source?.id ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Walks back from the seeds (a JSON array) with the statements of
    /// ``ShortestChainsSQL``, breadth-first, leaving each principal's depth
    /// and pointer in `seedDistance`: first over unconditional edges alone,
    /// then over all, a level's principals, those they reach through
    /// classes of callers at no cost, then the next level. At the hop limit
    /// only steps at no cost are taken: a class of callers found there
    /// still leads to its members, whose hop into the class costs nothing.
    private func walk(_ db: Database, towards seeds: String, options: Options) throws {
        try db.execute(sql: ShortestChainsSQL.prepareSeedWalk)
        try db.execute(sql: ShortestChainsSQL.startSeedWalk, arguments: ["seeds": seeds])
        for sure in [true, false] {
            let stepBack = try db.makeStatement(sql: sure ? ShortestChainsSQL.stepBackSure : ShortestChainsSQL.stepBack)
            let roundIsEmpty = try db.makeStatement(
                sql: sure ? ShortestChainsSQL.sureRoundIsEmpty : ShortestChainsSQL.roundIsEmpty
            )
            func isEmpty(_ round: Int) throws -> Bool {
                try Bool.fetchOne(roundIsEmpty, arguments: ["round": round]) ?? true
            }
            // Round 0 holds the seeds; each level has a round for the
            // principals one hop further, and one per step through classes of callers.
            var round = 0
            var nextRound = 1
            for depth in 0...max(options.maxHops, 0) {
                let nextLevel = nextRound
                nextRound += 1
                while true {
                    let sameLevel = nextRound
                    nextRound += 1
                    var arguments: StatementArguments = [
                        "round": round, "sameLevelRound": sameLevel, "nextLevelRound": nextLevel,
                        "maxHops": options.maxHops,
                    ]
                    if !sure { arguments += ["unconditionalOnly": options.unconditionalOnly] }
                    try stepBack.execute(arguments: arguments)
                    if try isEmpty(sameLevel) { break }
                    round = sameLevel
                }
                if depth == options.maxHops { break }
                if try isEmpty(nextLevel) { break }
                round = nextLevel
            }
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
        try chains(rows.map { (Self.ids($0.nodes), Self.ids($0.edges)) })
    }

    /// Chains from lists of node and edge ids, in order.
    func chains(_ paths: [(nodes: [Int64], edges: [Int64])]) throws -> [Chain] {
        let nodeIDs = paths.map(\.nodes)
        let edgeIDs = paths.map(\.edges)
        let nodes = try self.nodes(Set(nodeIDs.flatMap { $0 }))
        let hops = try self.hops(Set(edgeIDs.flatMap { $0 }))
        // Chains share their ends: each merge of hops through a class of callers is made once.
        var merges: [EdgePair: ChainHop] = [:]
        var chains: [Chain] = []
        chains.reserveCapacity(paths.count)
        for (nodeList, edgeList) in zip(nodeIDs, edgeIDs) {
            if let chain = Self.chain(nodeList, edgeList, nodes: nodes, hops: hops, merges: &merges) {
                chains.append(chain)
            }
        }
        return chains
    }

    /// Two edges one after the other, through a class of callers.
    struct EdgePair: Hashable {
        var first: Int64
        var second: Int64
    }

    /// The chain along the nodes and edges given, `nil` when one is
    /// missing, without the nodes that stand for an account's any-role
    /// assumers: member → set → role reads as one hop member → role, with
    /// both edges' grants and caveats. A chain that starts or ends at such a
    /// node is not a chain of principals and is dropped. The hops merged
    /// from two edges are kept in `merges`, by those edges.
    static func chain(
        _ nodeIDs: [Int64],
        _ edgeIDs: [Int64],
        nodes: [Int64: ChainNode],
        hops: [Int64: ChainHop],
        merges: inout [EdgePair: ChainHop]
    ) -> Chain? {
        guard nodeIDs.count == edgeIDs.count + 1, let start = nodes[nodeIDs[0]], start.kind != "assumer-set" else {
            return nil
        }
        var chainNodes: [ChainNode] = []
        var chainHops: [ChainHop] = []
        chainNodes.reserveCapacity(nodeIDs.count)
        chainHops.reserveCapacity(edgeIDs.count)
        chainNodes.append(start)
        // The hop into a class of callers, waiting for the hop out of it; and whether it is one edge's.
        var pending: (hop: ChainHop, isOneEdge: Bool)?
        for (index, edgeID) in edgeIDs.enumerated() {
            guard let hop = hops[edgeID], let next = nodes[nodeIDs[index + 1]] else { return nil }
            var merged = (hop: hop, isOneEdge: true)
            if let first = pending {
                let pair = EdgePair(first: first.hop.edgeID, second: hop.edgeID)
                if first.isOneEdge, let known = merges[pair] {
                    merged.hop = known
                } else {
                    merged.hop = ChainHop(
                        edgeID: hop.edgeID,
                        kind: hop.kind,
                        caveats: (first.hop.caveats + hop.caveats).uniqued(),
                        grants: (hop.grants + first.hop.grants).uniqued(),
                        notes: (first.hop.notes + hop.notes).uniqued()
                    )
                    if first.isOneEdge { merges[pair] = merged.hop }
                }
                merged.isOneEdge = false
                pending = nil
            }
            if next.kind == "assumer-set" {
                pending = merged
            } else {
                chainNodes.append(next)
                chainHops.append(merged.hop)
            }
        }
        // A chain that ends at a class of callers leaves a hop pending.
        guard pending == nil else { return nil }
        return Chain(nodes: chainNodes, hops: chainHops)
    }

    static func ids(_ text: String) -> [Int64] {
        text.split(separator: ",").compactMap { Int64($0) }
    }

    func nodes(_ ids: Set<Int64>) throws -> [Int64: ChainNode] {
        var result: [Int64: ChainNode] = [:]
        result.reserveCapacity(ids.count)
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT id, arn, kind, accountId, isAnalysed FROM principal WHERE id IN (SELECT value FROM json_each(?))",
            arguments: [ChainQueries.jsonArray(ids.sorted())]
        )
        while let row = try rows.next() {
            let id: Int64 = row[0]
            result[id] = ChainNode(id: id, arn: row[1], kind: row[2], accountID: row[3], isAnalysed: row[4])
        }
        return result
    }

    /// The hops of `ids`. Many edges carry the same caveats, notes or
    /// citations: each distinct JSON text is decoded once.
    func hops(_ ids: Set<Int64>) throws -> [Int64: ChainHop] {
        var result: [Int64: ChainHop] = [:]
        result.reserveCapacity(ids.count)
        let decoder = JSONDecoder()
        var caveatsByText: [String: [Caveat]] = [:]
        var stringsByText: [String: [String]] = [:]
        func strings(_ text: String) -> [String] {
            if let known = stringsByText[text] { return known }
            let decoded = Self.stringArray(text)
            stringsByText[text] = decoded
            return decoded
        }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, e.kind, e.caveats, e.notes,
                       (SELECT json_group_array(json_extract(g.value, '$.citation')) FROM json_each(e.grants) g) AS grants
                  FROM edge e WHERE e.id IN (SELECT value FROM json_each(?))
                """,
            arguments: [ChainQueries.jsonArray(ids.sorted())]
        )
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let caveatText: String = row[2]
            let caveats: [Caveat]
            if let known = caveatsByText[caveatText] {
                caveats = known
            } else {
                caveats = (try? decoder.decode([Caveat].self, from: Data(caveatText.utf8))) ?? []
                caveatsByText[caveatText] = caveats
            }
            result[id] = ChainHop(
                edgeID: id,
                kind: row[1],
                caveats: caveats,
                grants: strings(row[4]),
                notes: strings(row[3])
            )
        }
        return result
    }

    /// A JSON array of strings, or `[]` for any other JSON, as
    /// `JSONDecoder` decodes `[String]` with `try?`.
    static func stringArray(_ text: String) -> [String] {
        guard case .array(let elements)? = try? JSONParser.parse(text) else { return [] }
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let value) = element else { return [] }
            result.append(value)
        }
        return result
    }
}
