import Foundation
import IAMPolicy

/// Turns policy documents read back from the store into statements on
/// every core.
///
/// Derivation reads every trust policy and every policy that may speak of
/// `sts:` back from the store. Parsing them and compiling their patterns is
/// pure, so it is spread over the cores once the rows are read on the
/// database's thread.
enum DocumentParsing {
    /// Below this many documents one core is faster than splitting.
    static let parallelThreshold = 512

    /// `transform(i)` for every `i` in `0..<count`, in order.
    static func map<Value: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> Value?) -> [Value?] {
        guard count >= parallelThreshold else { return (0..<count).map(transform) }
        let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
        let size = (count + chunks - 1) / chunks
        var result = [Value?](repeating: nil, count: count)
        result.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes its own disjoint range of the buffer.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * size
                guard start < count else { return }
                for index in start..<min(start + size, count) { slots[index] = transform(index) }
            }
        }
        return result
    }
}
