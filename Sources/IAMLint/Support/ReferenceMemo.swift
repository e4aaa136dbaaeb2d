import Foundation
import IAMPolicy

/// Remembers answers from the Service Authorization Reference for one lint
/// run.
///
/// RC002 asks, for every condition key of every statement, whether the key
/// is valid for any action a pattern such as `ec2:Describe*` expands to;
/// one such answer scans hundreds of actions. Estates repeat the same
/// statements in policy after policy (one inline policy copied to many
/// roles, one managed policy in every account), so answers are cached per
/// (pattern, key) and an estate costs what its distinct statements cost.
/// Thread-safe, so a context can be shared by concurrent runs.
final class ReferenceMemo: @unchecked Sendable {
    let reference: ServiceReference
    private let lock = NSLock()
    private var expansions: [String: [String]] = [:]
    private var validity: [PatternKey: Bool] = [:]

    private struct PatternKey: Hashable {
        var pattern: String
        var key: String
    }

    init(_ reference: ServiceReference) {
        self.reference = reference
    }

    /// ``ServiceReference/actions(matching:)``, remembered (IAM matches
    /// actions case-insensitively, so the pattern is lower-cased).
    func actions(matching pattern: String) -> [String] {
        let normalized = pattern.lowercased()
        if let known = lock.withLock({ expansions[normalized] }) { return known }
        let expanded = reference.actions(matching: pattern)
        lock.withLock { expansions[normalized] = expanded }
        return expanded
    }

    /// Whether the reference documents `key` for some action `pattern` expands to.
    func isKey(_ key: String, validForSomeActionOf pattern: String) -> Bool {
        let memoKey = PatternKey(pattern: pattern.lowercased(), key: key.lowercased())
        if let known = lock.withLock({ validity[memoKey] }) { return known }
        let valid = actions(matching: pattern).contains { reference.isConditionKey(key, validForAction: $0) == true }
        lock.withLock { validity[memoKey] = valid }
        return valid
    }
}
