import Foundation
import IAMPolicy
import IAMStore

/// Runs edge derivation on worker threads while the importing thread
/// writes the edges, so deciding edges and inserting them use every core.
///
/// Roles are cut into chunks in derivation order; worker `k` of `n` takes
/// chunks `k`, `k + n`, … and the writer takes the chunks back in order, so
/// the store receives exactly the edges, in exactly the order, of a
/// derivation on one thread. A worker waits when it runs more than a few
/// chunks ahead: memory holds a few chunks of edges, never the whole graph.
final class DerivationPipeline: @unchecked Sendable {
    static let rolesPerChunk = 256
    /// How many chunks may be decided ahead of the writer.
    static let window = 8

    private struct Chunk {
        var edges: [EncodedEdge]
        var progress: EdgeDeriver.RoleProgress
    }

    private let deriver: EdgeDeriver
    private let preparation: BackgroundPreparation
    private let chunks: [ArraySlice<Int64>]
    private let condition = NSCondition()
    private var done: [Int: Chunk] = [:]
    private var nextToWrite = 0
    private var isCancelled = false
    private var used = Set<AssumerClasses.ClassKey>()
    private var findings: [DerivedFinding] = []

    init(
        deriver: EdgeDeriver,
        preparation: BackgroundPreparation,
        workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    ) {
        self.deriver = deriver
        self.preparation = preparation
        let roles = deriver.roleIDs
        chunks = stride(from: 0, to: roles.count, by: Self.rolesPerChunk).map {
            roles[$0..<min($0 + Self.rolesPerChunk, roles.count)]
        }
        for worker in 0..<workers {
            let thread = Thread { [self] in work(worker, of: workers) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func work(_ worker: Int, of workers: Int) {
        let prepared = preparation.value
        var encoder = EncodedEdge.Encoder()
        var groups: [AssumerClasses.ClassKey: AssumerClasses.Class] = [:]
        for index in stride(from: worker, to: chunks.count, by: workers) {
            condition.lock()
            while index - nextToWrite >= Self.window, !isCancelled { condition.wait() }
            let stop = isCancelled
            condition.unlock()
            if stop { return }
            var chunk = Chunk(edges: [], progress: EdgeDeriver.RoleProgress(groups: groups))
            deriver.deriveRoles(chunks[index], prepared: prepared, progress: &chunk.progress) { edge in
                chunk.edges.append(EncodedEdge(edge, using: &encoder))
            }
            // The worker keeps the classes it built; the writer needs only what was used.
            groups = chunk.progress.groups
            chunk.progress.groups = [:]
            condition.lock()
            done[index] = chunk
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The edges of the next chunk of roles, or nil when every role is done.
    func next() -> [EncodedEdge]? {
        condition.lock()
        defer { condition.unlock() }
        guard nextToWrite < chunks.count else { return nil }
        while done[nextToWrite] == nil { condition.wait() }
        guard let chunk = done.removeValue(forKey: nextToWrite) else { return nil }
        nextToWrite += 1
        used.formUnion(chunk.progress.usedClasses)
        findings += chunk.progress.findings
        condition.broadcast()
        return chunk.edges
    }

    /// After ``next()`` returned nil: the edges from members into the
    /// classes the roles used, then derivation's findings.
    func finish(writing write: (EncodedEdge) throws -> Void) throws -> [DerivedFinding] {
        var encoder = EncodedEdge.Encoder()
        try deriver.deriveMemberEdges(prepared: preparation.value, used: used) {
            try write(EncodedEdge($0, using: &encoder))
        }
        return deriver.finalFindings(findings)
    }

    /// Stops the workers early, after the writer failed.
    func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The classes and candidate index (``EdgeDeriver/Preparation``), built on
/// a thread of their own from the moment the callers' side is loaded.
final class BackgroundPreparation: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: EdgeDeriver.Preparation?

    init(identity: IdentityPolicies, organizations: OrganizationContext) {
        let thread = Thread { [self] in
            let prepared = EdgeDeriver.prepare(identity: identity, organizations: organizations)
            condition.lock()
            result = prepared
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The preparation, waiting for it if needed.
    var value: EdgeDeriver.Preparation {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result { return result }
            condition.wait()
        }
    }
}
