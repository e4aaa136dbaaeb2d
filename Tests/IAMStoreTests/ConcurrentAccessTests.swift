import Foundation
import GRDB
import IAMGraph
import IAMStore
import RoleChainTestSupport
import Testing

/// Several connections on one real database file: readers during an
/// import, and two imports at once.
@Suite struct ConcurrentAccessTests {
    /// A reader opened with `.readOnly` while another connection imports
    /// sees the old data or the new, never part of the import.
    @Test func readerSeesOldOrNewNeverAMix() throws {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        try Organizations.write(into: folder.file("big"), firstAccount: 300_000_000_000, accounts: 12, roles: 15)
        let old = try StoreFiles.withStore(database, mode: .readOnly) { try StoreFiles.counts($0) }

        let inTransaction = Shared(false)
        let importer = Worker { [path = folder.file("big")] in
            try StoreFiles.withStore(database) { store in
                try Importer(store: store).importPaths([path]) { _ in
                    // Each file is written but not committed; hold the
                    // transaction open a moment so readers overlap it.
                    inTransaction.update { $0 = true }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
        }
        var seen: [StoreFiles.Counts: Int] = [:]
        var readsDuringImport = 0
        let reader = try RoleChainStore.open(atPath: database, mode: .readOnly)
        while !importer.isFinished {
            let during = inTransaction.get()
            // Alternate between a long-lived reader and a fresh open.
            let counts =
                readsDuringImport.isMultiple(of: 2)
                ? try StoreFiles.counts(reader)
                : try StoreFiles.withStore(database, mode: .readOnly) { try StoreFiles.counts($0) }
            seen[counts, default: 0] += 1
            if during && !importer.isFinished { readsDuringImport += 1 }
        }
        let summary = try importer.wait()
        let new = try StoreFiles.counts(reader)

        #expect(summary.accounts.count == 12)
        #expect(new.accounts == old.accounts + 12)
        #expect(readsDuringImport > 5)
        #expect(Set(seen.keys).isSubset(of: [old, new]), "seen: \(seen)")
        #expect(seen[old] != nil)
        #expect(try StoreFiles.integrityCheck(database) == "ok")
    }

    /// The second import waits for the first one's transaction, then lands;
    /// both imports' accounts are there and the file is sound.
    @Test func secondImportWaitsForTheFirst() throws {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        try Organizations.write(into: folder.file("first"), firstAccount: 300_000_000_000, accounts: 3, roles: 5)
        try Organizations.write(into: folder.file("second"), firstAccount: 400_000_000_000, accounts: 4, roles: 5)

        let firstHoldsTheLock = DispatchSemaphore(value: 0)
        let firstCommitted = Shared<Date?>(nil)
        let first = Worker { [path = folder.file("first")] in
            try StoreFiles.withStore(database) { store in
                let summary = try Importer(store: store).importPaths([path]) { progress in
                    guard progress.filesDone == 1, progress.stage == "reading snapshots" else { return }
                    firstHoldsTheLock.signal()
                    Thread.sleep(forTimeInterval: 1.5)
                }
                firstCommitted.update { $0 = Date() }
                return summary
            }
        }
        firstHoldsTheLock.wait()
        let started = Date()
        let second = try StoreFiles.withStore(database) { store in
            try Importer(store: store).importPaths([folder.file("second")])
        }
        let secondFinished = Date()

        #expect(try first.wait().accounts.count == 3)
        #expect(second.accounts.count == 4)
        #expect(secondFinished.timeIntervalSince(started) > 1.0)
        #expect(try #require(firstCommitted.get()) <= secondFinished)
        let counts = try StoreFiles.withStore(database, mode: .readOnly) { try StoreFiles.counts($0) }
        #expect(counts.accounts == 2 + 3 + 4)
        #expect(try StoreFiles.integrityCheck(database) == "ok")
    }

    /// Past the busy timeout the second import gives up with `busy` (exit
    /// 75), and changes nothing. Waits `RoleChainStore.busyTimeout` (30 s).
    @Test(.timeLimit(.minutes(2)))
    func importGivesUpWithBusyWhenTheLockIsNeverReleased() throws {
        let folder = try TemporaryFolder()
        let database = try StoreFiles.baselineDatabase(in: folder)
        let before = try StoreFiles.bytes(ofClosed: database)

        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Worker {
            let queue = try DatabaseQueue(path: database)
            try queue.inTransaction(.immediate) { _ in
                locked.signal()
                release.wait()
                return .rollback
            }
        }
        locked.wait()
        let started = Date()
        let error = #expect(throws: StoreError.self) {
            try StoreFiles.withStore(database) { store in
                try Importer(store: store).importPaths([BadInput.path("lenient/bom.json")])
            }
        }
        release.signal()
        try holder.wait()

        #expect(error == .busy(path: database))
        #expect(error?.category == .busy)
        #expect(Date().timeIntervalSince(started) >= RoleChainStore.busyTimeout - 1)
        #expect(try StoreFiles.bytes(ofClosed: database) == before)
    }
}
