import Foundation
import IAMStore

/// Reads account snapshots on a background thread, a bounded number of
/// files ahead of the writer, so parsing and SQLite inserts use both cores
/// while memory stays bounded by a few files, never the whole estate.
final class SnapshotPrefetcher: @unchecked Sendable {
    /// How many parsed files may wait for the writer.
    static let window = 2

    private let files: [String]
    private let condition = NSCondition()
    private var ready: [Int: Result<AccountSnapshot, StoreError>] = [:]
    private var consumed = 0
    private var isCancelled = false

    init(files: [String]) {
        self.files = files
        guard !files.isEmpty else { return }
        let thread = Thread { [self] in produce() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func produce() {
        for index in files.indices {
            condition.lock()
            while index - consumed >= Self.window, !isCancelled { condition.wait() }
            let stop = isCancelled
            condition.unlock()
            if stop { return }
            let result = Result { () throws(StoreError) in try SnapshotFiles.readAccountSnapshot(files[index]) }
            condition.lock()
            ready[index] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The parsed snapshot of file `index`, waiting for it if needed; files
    /// must be taken in order.
    func snapshot(at index: Int) throws(StoreError) -> AccountSnapshot {
        condition.lock()
        defer { condition.unlock() }
        while ready[index] == nil { condition.wait() }
        let result = ready.removeValue(forKey: index)
        consumed = index + 1
        condition.broadcast()
        switch result {
        case .success(let snapshot): return snapshot
        case .failure(let error): throw error
        case nil: throw StoreError.unreadableFile(file: files[index], reason: "internal error: the file was not read")
        }
    }

    /// Stops reading ahead, after an error or at the end.
    func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
