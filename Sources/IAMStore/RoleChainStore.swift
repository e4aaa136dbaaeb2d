import Foundation
import GRDB
import IAMStoreMigrations

/// The RoleChain database: one SQLite file whose schema is the SQL under
/// `Migrations/`, documented for users who query it with `sqlite3`.
///
/// A value that exists has the current schema: opening migrates an older
/// file, and refuses a newer one or a file that is not RoleChain's rather
/// than guess. Writes happen in ``write(_:)``, one transaction per call,
/// which is what makes an import all-or-nothing.
public struct RoleChainStore: Sendable {
    /// How long a writer waits for another process's import before giving up.
    public static let busyTimeout: TimeInterval = 30

    public enum AccessMode: Sendable {
        case readWrite
        /// For query commands: never creates or migrates the file.
        case readOnly
    }

    private let writer: any DatabaseWriter
    public let path: String

    /// Readers see the last committed state, never an import in progress (WAL).
    public var reader: any DatabaseReader { writer }

    /// Opens (creating when writable and missing) the database at `path`.
    public static func open(atPath path: String, mode: AccessMode = .readWrite) throws(StoreError) -> RoleChainStore {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = mode == .readOnly
        configuration.prepareDatabase { db in
            // A large page cache keeps an import's pages out of the WAL until
            // commit; NORMAL sync is safe in WAL mode (a killed process never
            // corrupts the file; only a power cut may lose the last import).
            try db.execute(sql: "PRAGMA cache_size = -131072")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // A query command reads rows all over the file (a who-can-reach
            // walk, hundreds of thousands of edges) with a page cache that
            // starts empty: mapped, a page costs a memory access instead of a
            // read() call. SQLite caps the size at its compile-time limit.
            if db.configuration.readonly { try db.execute(sql: "PRAGMA mmap_size = 4294967296") }
        }
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        // Robustness: SQLite says only "disk I/O error" for a folder.
        if exists, isFolder.boolValue { throw .cannotOpen(path: path, reason: "it is a folder, not a database file") }
        if mode == .readOnly, !exists {
            throw .cannotOpen(path: path, reason: "no such file; run 'rolechain import' first")
        }
        if !exists {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.isWritableFile(atPath: directory) {
                throw .cannotOpen(path: path, reason: "the folder '\(directory)' is not writable")
            }
        }
        if mode == .readWrite, exists {
            // Robustness: opening a DatabasePool for writing switches the file
            // to WAL and commits a no-op CREATE/DROP TABLE (GRDB issue 102)
            // before `prepareSchema` can look at it. Look first through a
            // read-only connection, so a foreign or newer file is refused
            // untouched, as the error messages promise.
            var inspection = Configuration()
            inspection.readonly = true
            inspection.busyMode = .timeout(busyTimeout)
            do {
                let known = Set(try migrator().migrations)
                let queue = try DatabaseQueue(path: path, configuration: inspection)
                _ = try queue.read { db in try appliedMigrations(db, path: path, known: known) }
            } catch let error as StoreError {
                throw error
            } catch let error as DatabaseError {
                throw classify(error, path: path)
            } catch {
                throw .cannotOpen(path: path, reason: String(describing: error))
            }
        }
        let writer: any DatabaseWriter
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw classify(error, path: path)
        } catch {
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
        let store = RoleChainStore(writer: writer, path: path)
        try store.prepareSchema(migrate: mode == .readWrite)
        return store
    }

    /// A private in-memory database, for tests and the demo.
    public static func inMemory() throws(StoreError) -> RoleChainStore {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        do {
            let store = RoleChainStore(writer: try DatabaseQueue(configuration: configuration), path: ":memory:")
            try store.prepareSchema(migrate: true)
            return store
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: ":memory:", reason: String(describing: error))
        }
    }

    private init(writer: any DatabaseWriter, path: String) {
        self.writer = writer
        self.path = path
    }

    // MARK: - Schema

    private static func migrator() throws(StoreError) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        let files: [MigrationFile]
        do {
            files = try MigrationFile.all()
        } catch {
            throw .cannotOpen(path: "", reason: String(describing: error))
        }
        for file in files {
            migrator.registerMigration(file.identifier) { db in try db.execute(sql: file.sql) }
        }
        return migrator
    }

    /// The migration identifiers this build knows, oldest first.
    public static func knownMigrations() throws(StoreError) -> [String] {
        try migrator().migrations
    }

    private func prepareSchema(migrate: Bool) throws(StoreError) {
        let migrator = try Self.migrator()
        let known = Set(migrator.migrations)
        do {
            let applied = try writer.read { db in try Self.appliedMigrations(db, path: path, known: known) }
            if applied.count < known.count {
                guard migrate else {
                    throw StoreError.cannotOpen(
                        path: path,
                        reason:
                            "its schema is older than this RoleChain; open it once for writing (run an import) to migrate it"
                    )
                }
                try migrator.migrate(writer)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw Self.classify(error, path: path)
        } catch {
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
    }

    /// The migrations the file records; throws when it is not RoleChain's
    /// (tables but no `grdb_migrations`) or was written by a newer RoleChain.
    private static func appliedMigrations(_ db: Database, path: String, known: Set<String>) throws -> [String] {
        let tables = try String.fetchAll(
            db,
            sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        guard tables.contains("grdb_migrations") else {
            if !tables.isEmpty {
                throw StoreError.notARoleChainDatabase(path: path, reason: "it has tables but no RoleChain migrations")
            }
            return []
        }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknownMigrations: unknown.sorted()) }
        return applied
    }

    static func classify(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB: .notARoleChainDatabase(path: path, reason: "not an SQLite database")
        // Robustness: a truncated or damaged copy is an SQLite file; say so.
        case .SQLITE_CORRUPT:
            .notARoleChainDatabase(path: path, reason: "the SQLite file is damaged (\(error.message ?? "malformed"))")
        case .SQLITE_BUSY, .SQLITE_LOCKED: .busy(path: path)
        default: .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    // MARK: - Access

    /// Runs `body` in one immediate transaction: everything it writes
    /// lands together, or nothing does when it throws.
    public func write<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(StoreWriter(db: db))
                    return .commit
                }
                guard let result else {
                    throw StoreError.cannotOpen(path: path, reason: "transaction produced no result")
                }
                return result
            }
        } catch let error as DatabaseError {
            throw Self.classify(error, path: path)
        }
    }

    /// Runs a read that may use TEMP tables (chain queries keep their
    /// distances in one): on a file, a read-only connection, which SQLite
    /// lets write its own temporary tables; on an in-memory store, the
    /// single connection outside any transaction.
    public func readWithScratch<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            if writer is DatabasePool { return try writer.read(body) }
            return try writer.writeWithoutTransaction(body)
        } catch let error as DatabaseError {
            throw Self.classify(error, path: path)
        }
    }

    /// Runs a read on a consistent snapshot of the last committed state.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw Self.classify(error, path: path)
        }
    }
}
