import GRDB
import IAMStore

/// Finds a principal the way people name one on the command line: by ARN,
/// service name or `*`, or by a user or role name when only one has it.
public struct PrincipalLookup: Sendable {
    /// Why a name did not resolve.
    public struct NotFound: Error, CustomStringConvertible {
        public var name: String
        public var candidates: [String]

        public var description: String {
            candidates.isEmpty
                ? "no principal named '\(name)' is in the store"
                : "'\(name)' is ambiguous; use one of: \(candidates.prefix(5).joined(separator: ", "))"
        }
    }

    let store: RoleChainStore

    public init(store: RoleChainStore) {
        self.store = store
    }

    public func id(of name: String) throws -> Int64 {
        try store.read { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM principal WHERE arn = ?", arguments: [name]) {
                return id
            }
            let byName = try Row.fetchAll(
                db,
                sql: "SELECT id, arn FROM principal WHERE name = ? AND kind IN ('user', 'role') ORDER BY arn",
                arguments: [name]
            )
            if byName.count == 1, let id = byName[0]["id"] as Int64? { return id }
            throw NotFound(name: name, candidates: byName.map { $0["arn"] })
        }
    }
}
