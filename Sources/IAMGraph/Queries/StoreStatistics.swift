import GRDB
import IAMStore

/// What `rolechain stats` prints: the size of the store and the warnings
/// that say how far its answers can be trusted.
public struct StoreStatistics: Sendable, CustomStringConvertible {
    public var accounts: Int
    public var unanalysedAccounts: Int
    public var principalsByKind: [(kind: String, count: Int)]
    public var edges: Int
    public var conditionalEdges: Int
    public var entryPoints: Int
    public var buckets: Int
    public var bucketsWithoutOwner: Int
    public var findings: [(kind: String, message: String)]

    public static func read(from store: RoleChainStore) throws -> StoreStatistics {
        try store.read { db in
            StoreStatistics(
                accounts: try Int.fetchOne(db, sql: "SELECT count(*) FROM account WHERE isAnalysed = 1") ?? 0,
                unanalysedAccounts: try Int.fetchOne(db, sql: "SELECT count(*) FROM account WHERE isAnalysed = 0") ?? 0,
                principalsByKind: try Row.fetchAll(
                    db,
                    sql: "SELECT kind, count(*) AS n FROM principal GROUP BY kind ORDER BY kind"
                )
                .map { ($0["kind"], $0["n"]) },
                edges: try Int.fetchOne(db, sql: "SELECT count(*) FROM edge") ?? 0,
                conditionalEdges: try Int.fetchOne(db, sql: "SELECT count(*) FROM edge WHERE isConditional = 1") ?? 0,
                entryPoints: try Int.fetchOne(
                    db,
                    sql:
                        "SELECT count(DISTINCT sourceId) FROM edge e JOIN principal p ON p.id = e.sourceId WHERE p.isAnalysed = 0"
                ) ?? 0,
                buckets: try Int.fetchOne(db, sql: "SELECT count(*) FROM bucket") ?? 0,
                bucketsWithoutOwner: try Int.fetchOne(db, sql: "SELECT count(*) FROM bucket WHERE accountId IS NULL")
                    ?? 0,
                findings: try Row.fetchAll(db, sql: "SELECT kind, message FROM finding ORDER BY kind, id").map {
                    ($0["kind"], $0["message"])
                }
            )
        }
    }

    public var description: String {
        var lines = [
            "accounts:            \(accounts) imported, \(unanalysedAccounts) named but not imported",
            "principals:          " + principalsByKind.map { "\($0.count) \($0.kind)" }.joined(separator: ", "),
            "AssumeRole edges:    \(edges) (\(conditionalEdges) conditional)",
            "entry points:        \(entryPoints) (services, identity providers, outside accounts, anyone)",
            "buckets:             \(buckets) (\(bucketsWithoutOwner) with unknown owner)",
        ]
        if findings.isEmpty {
            lines.append("warnings:            none")
        } else {
            lines.append("warnings:            \(findings.count)")
            lines += findings.map { "  [\($0.kind)] \($0.message)" }
        }
        return lines.joined(separator: "\n")
    }
}
