import Foundation
import IAMStore

/// Runs edge derivation on a second thread while the importing thread
/// writes the edges, so deciding edges and inserting them use both cores.
/// Edges travel in batches through a queue of bounded length: memory holds
/// a few thousand edges, never the whole graph.
final class DerivationPipeline: @unchecked Sendable {
    static let batchSize = 2048
    /// How many batches may wait for the writer.
    static let window = 4

    private let condition = NSCondition()
    private var batches: [[EncodedEdge]] = []
    private var isFinished = false
    private var isCancelled = false
    private var findings: [DerivedFinding] = []

    init(deriver: EdgeDeriver) {
        let thread = Thread { [self] in produce(deriver) }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private struct Cancelled: Error {}

    private func produce(_ deriver: EdgeDeriver) {
        var batch: [EncodedEdge] = []
        batch.reserveCapacity(Self.batchSize)
        let found = try? deriver.derive { edge in
            batch.append(EncodedEdge(edge))
            if batch.count >= Self.batchSize {
                try hand(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try? hand(batch) }
        condition.lock()
        findings = found ?? []
        isFinished = true
        condition.broadcast()
        condition.unlock()
    }

    private func hand(_ batch: [EncodedEdge]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.window, !isCancelled { condition.wait() }
        if isCancelled { throw Cancelled() }
        batches.append(batch)
        condition.broadcast()
    }

    /// The next batch of edges, or nil when derivation is done.
    func next() -> [EncodedEdge]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, !isFinished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Derivation's findings, once ``next()`` has returned nil.
    func finish() -> [DerivedFinding] {
        condition.lock()
        defer { condition.unlock() }
        while !isFinished { condition.wait() }
        return findings
    }

    /// Stops derivation early, after the writer failed.
    func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
