import Foundation
import GRDB
import IAMGraph
import IAMStore
import RoleChainTestSupport

enum BadInput {
    /// A file or folder of the `BadInput` resource folder, by its relative path.
    static func path(_ relative: String) -> String {
        guard let root = Bundle.module.url(forResource: "BadInput", withExtension: nil) else {
            fatalError("the BadInput resource folder is missing from the test bundle")
        }
        return root.appendingPathComponent(relative).path
    }

    /// The seed fixture `complete/` (two accounts, a bucket policy, buckets.json).
    static var baseline: String { path("baseline") }
}

enum StoreFiles {
    /// Opens the store at `path`, runs `body`, and lets the store go, which
    /// closes every connection: the last close checkpoints the WAL into the
    /// main file and deletes the `-wal`, so the main file alone holds every
    /// committed byte afterwards.
    @discardableResult
    static func withStore<T>(
        _ path: String,
        mode: RoleChainStore.AccessMode = .readWrite,
        _ body: (RoleChainStore) throws -> T
    ) throws -> T {
        let store = try RoleChainStore.open(atPath: path, mode: mode)
        return try withExtendedLifetime(store) { try body(store) }
    }

    /// A database in `folder` holding a good import of the seed fixture.
    static func baselineDatabase(in folder: TemporaryFolder, name: String = "rolechain.sqlite") throws -> String {
        let database = folder.file(name)
        try withStore(database) { store in _ = try Importer(store: store).importPaths([BadInput.baseline]) }
        return database
    }

    /// The main database file's bytes, with the proof that no committed
    /// data is waiting in a WAL beside it (so comparing the main file is
    /// comparing the whole database).
    static func bytes(ofClosed path: String) throws -> Data {
        let wal = path + "-wal"
        if let attributes = try? FileManager.default.attributesOfItem(atPath: wal),
            let size = attributes[.size] as? Int, size > 0
        {
            throw StoreFilesError("\(wal) still holds \(size) bytes: a connection was left open")
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// The main file's bytes after a TRUNCATE checkpoint through the open
    /// store: every committed page is then in the main file and the WAL is
    /// empty. Opening a store for writing itself commits a no-op schema
    /// change (GRDB's WAL set-up, issue 102), so byte comparisons are made
    /// within one open store, before and after the operation under test.
    static func checkpointedBytes(_ store: RoleChainStore) throws -> Data {
        guard let writer = store.reader as? any DatabaseWriter else {
            throw StoreFilesError("the store's connection cannot write")
        }
        _ = try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        let walSize = (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal"))?[.size] as? Int ?? 0
        guard walSize == 0 else {
            throw StoreFilesError("the WAL still holds \(walSize) bytes after a TRUNCATE checkpoint")
        }
        return try Data(contentsOf: URL(fileURLWithPath: store.path))
    }

    /// `PRAGMA integrity_check` through a plain SQLite connection.
    static func integrityCheck(_ path: String) throws -> String {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// Counts of analysed accounts and of principals, read in one transaction.
    static func counts(_ store: RoleChainStore) throws -> Counts {
        try store.read { db in
            Counts(
                accounts: try Int.fetchOne(db, sql: "SELECT count(*) FROM account WHERE isAnalysed = 1") ?? -1,
                principals: try Int.fetchOne(db, sql: "SELECT count(*) FROM principal WHERE isAnalysed = 1") ?? -1,
                statements: try Int.fetchOne(db, sql: "SELECT count(*) FROM statement") ?? -1
            )
        }
    }

    struct Counts: Equatable, Hashable, CustomStringConvertible {
        var accounts: Int
        var principals: Int
        var statements: Int
        var description: String { "\(accounts) accounts, \(principals) principals, \(statements) statements" }
    }
}

struct StoreFilesError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
