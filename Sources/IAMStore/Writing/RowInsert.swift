import GRDB
import GRDBSQLite

/// One prepared INSERT run row after row with SQLite's own binding calls.
///
/// An import of 100k roles inserts about two million rows. GRDB's general
/// argument handling — an array of existential values per row, converted
/// and validated each time — cost about as much as SQLite's work on these
/// small rows, so the writer's hot inserts bind their values directly. The
/// values are still bound parameters, never SQL text.
struct RowInsert {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    /// Binds the row's values by position (1-based, as SQLite counts them).
    struct Values {
        fileprivate let handle: SQLiteStatement

        func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
        func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }
        func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }
        func bind(_ index: Int32, _ value: String) {
            sqlite3_bind_text(handle, index, value, -1, Self.transient)
        }

        func bind(_ index: Int32, _ value: Int64?) {
            if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
        }

        func bind(_ index: Int32, _ value: Bool?) {
            if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
        }

        func bind(_ index: Int32, _ value: String?) {
            if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
        }

        /// SQLite copies the text before the call returns.
        private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }

    /// Inserts one row; a failure (a constraint, a full disk) throws the
    /// same `DatabaseError` GRDB would.
    func run(_ bind: (Values) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        bind(Values(handle: handle))
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            let extended = sqlite3_extended_errcode(db.sqliteConnection)
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: statement.sql)
        }
    }
}
