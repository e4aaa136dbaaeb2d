import Foundation
import GRDB
import IAMStore
import RoleChainTestSupport
import Testing

/// Files at the database path that RoleChain must refuse, and places it
/// cannot write: the right error, and the file left exactly as it was.
@Suite struct DatabaseFileTests {
    private static let modes: [RoleChainStore.AccessMode] = [.readWrite, .readOnly]

    private func openingFails(_ path: String, _ mode: RoleChainStore.AccessMode) throws -> StoreError {
        try #require(throws: StoreError.self) { try StoreFiles.withStore(path, mode: mode) { _ in } }
    }

    private func siblings(of path: String) -> [String] {
        ["-wal", "-shm", "-journal"].map { path + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    @Test(arguments: modes)
    func newerSchemaIsRefused(mode: RoleChainStore.AccessMode) throws {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        try StoreFiles.withStore(database) { store in
            try store.write { writer in
                try writer.db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_from_the_future')")
            }
        }
        let before = try StoreFiles.bytes(ofClosed: database)
        let error = try openingFails(database, mode)
        #expect(error == .newerSchema(path: database, unknownMigrations: ["9999_from_the_future"]))
        #expect(error.description.contains("newer RoleChain"))
        #expect(try StoreFiles.bytes(ofClosed: database) == before)
    }

    @Test(arguments: modes)
    func randomBytesAreNotARoleChainDatabase(mode: RoleChainStore.AccessMode) throws {
        let folder = try TemporaryFolder()
        let database = folder.file("random.sqlite")
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try bytes.write(to: URL(fileURLWithPath: database))
        let error = try openingFails(database, mode)
        guard case .notARoleChainDatabase(let path, _) = error else {
            Issue.record("expected notARoleChainDatabase, got \(error)")
            return
        }
        #expect(path == database)
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == bytes)
        #expect(siblings(of: database).isEmpty)
    }

    /// Half a database (a copy cut short by a full disk): refused as damaged, left as it is.
    @Test(arguments: modes)
    func aTruncatedDatabaseIsDamaged(mode: RoleChainStore.AccessMode) throws {
        let folder = try TemporaryFolder()
        let good = try StoreFiles.baselineDatabase(in: folder)
        let database = folder.file("half.sqlite")
        let half = try StoreFiles.bytes(ofClosed: good).prefix(100_000)
        try half.write(to: URL(fileURLWithPath: database))
        let error = try openingFails(database, mode)
        guard case .notARoleChainDatabase(let path, let reason) = error else {
            Issue.record("expected notARoleChainDatabase, got \(error)")
            return
        }
        #expect(path == database)
        #expect(reason.hasPrefix("the SQLite file is damaged"), "\(reason)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == half)
    }

    /// A JSON snapshot given as `--db` by mistake is a common slip.
    @Test func aSnapshotGivenAsTheDatabaseIsRefused() throws {
        let folder = try TemporaryFolder()
        let database = folder.file("111111111111.json")
        try FileManager.default.copyItem(atPath: BadInput.path("baseline/111111111111.json"), toPath: database)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let error = try openingFails(database, .readWrite)
        #expect(error.category == .data)
        #expect(error.description.contains("is not a RoleChain database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    /// Someone else's SQLite file, in the default rollback-journal mode: RoleChain
    /// must refuse it before it changes anything (including switching it to WAL).
    @Test(arguments: modes)
    func foreignSQLiteFileIsRefusedUnchanged(mode: RoleChainStore.AccessMode) throws {
        let folder = try TemporaryFolder()
        let database = folder.file("invoices.sqlite")
        do {
            let queue = try DatabaseQueue(path: database)
            try queue.write { db in
                try db.execute(
                    sql:
                        "CREATE TABLE invoice (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoice (amount) VALUES (12.5)"
                )
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let error = try openingFails(database, mode)
        guard case .notARoleChainDatabase(let path, let reason) = error else {
            Issue.record("expected notARoleChainDatabase, got \(error)")
            return
        }
        #expect(path == database)
        #expect(reason.contains("no RoleChain migrations"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
        #expect(siblings(of: database).isEmpty)
    }

    /// Root (as CI runs) may write anywhere permissions forbid, so "read-only"
    /// here is a read-only file system: procfs.
    @Test func aReadOnlyFileSystemCannotHoldTheDatabase() throws {
        let database = "/proc/rolechain-\(UUID().uuidString).sqlite"
        let error = try openingFails(database, .readWrite)
        guard case .cannotOpen(let path, _) = error else {
            Issue.record("expected cannotOpen, got \(error)")
            return
        }
        #expect(path == database)
        #expect(error.category == .io)
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func aMissingFolderCannotHoldTheDatabase() throws {
        let folder = try TemporaryFolder()
        let database = folder.file("no/such/folder/rolechain.sqlite")
        let error = try openingFails(database, .readWrite)
        guard case .cannotOpen(let path, _) = error else {
            Issue.record("expected cannotOpen, got \(error)")
            return
        }
        #expect(path == database)
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func queriesNeverCreateTheDatabase() throws {
        let folder = try TemporaryFolder()
        let database = folder.file("rolechain.sqlite")
        let error = try openingFails(database, .readOnly)
        #expect(error == .cannotOpen(path: database, reason: "no such file; run 'rolechain import' first"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aFolderIsNotADatabase() throws {
        let folder = try TemporaryFolder()
        let error = try openingFails(folder.path, .readWrite)
        #expect(error == .cannotOpen(path: folder.path, reason: "it is a folder, not a database file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
