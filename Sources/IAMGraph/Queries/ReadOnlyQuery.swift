import Foundation
import GRDB
import IAMStore

/// Rows of a user's own SQL, for `rolechain sql`.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[String?]]
}

/// Runs a user's SQL against the store, read-only: the connection refuses
/// writes, so a typo cannot change the data.
public struct ReadOnlyQuery: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    let store: RoleChainStore

    public init(store: RoleChainStore) {
        self.store = store
    }

    public func run(_ sql: String, arguments: [String] = []) throws -> QueryResult {
        do {
            return try store.read { db in
                let statement = try db.makeStatement(sql: sql)
                guard statement.isReadonly else {
                    throw Failure(description: "only read-only queries (SELECT, WITH …) are allowed")
                }
                let columns = statement.columnNames
                var rows: [[String?]] = []
                let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
                while let row = try cursor.next() {
                    rows.append(
                        row.databaseValues.map { value in
                            switch value.storage {
                            case .null: nil
                            case .int64(let number): String(number)
                            case .double(let number): String(number)
                            case .string(let text): text
                            case .blob(let data): "x'" + data.map { String(format: "%02x", $0) }.joined() + "'"
                            }
                        }
                    )
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as DatabaseError {
            throw Failure(description: "SQL error: \(error.message ?? String(describing: error.resultCode))")
        }
    }
}
