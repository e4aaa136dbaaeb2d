import Foundation
import IAMPolicy

/// Parses policy documents read back from the store on every core.
///
/// Derivation reads every trust policy and every policy that may speak of
/// `sts:` back from the store; on a large estate parsing them is most of
/// that time, and parsing is pure, so it is spread over the cores while the
/// rows themselves are read on the database's thread.
enum DocumentParsing {
    /// Below this many documents one core is faster than splitting.
    static let parallelThreshold = 512

    /// The parsed documents, in order; nil for a text that does not parse
    /// (the store only holds documents that parsed at import).
    static func parse(_ texts: [String]) -> [PolicyDocument?] {
        guard texts.count >= parallelThreshold else { return texts.map { try? PolicyDocument.parse(json: $0) } }
        let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
        let size = (texts.count + chunks - 1) / chunks
        var result = [PolicyDocument?](repeating: nil, count: texts.count)
        result.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes its own disjoint range of the buffer.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * size
                guard start < texts.count else { return }
                for index in start..<min(start + size, texts.count) {
                    slots[index] = try? PolicyDocument.parse(json: texts[index])
                }
            }
        }
        return result
    }
}
