/// What the analyser knows about one condition key for one request.
public enum ConditionKeyValue: Sendable, Hashable {
    /// The request carries the key with these values (one for
    /// single-valued keys, any number for multivalued ones).
    case present([String])
    /// The request certainly does not carry the key — a fact, which
    /// decides `Null`, `…IfExists` and negated operators (R2.11).
    case absent
    /// The value depends on things a snapshot cannot see (source IP, MFA,
    /// caller-chosen values such as `sts:ExternalId`).
    case unknown
}

/// The request facts condition operators read. Key names are compared
/// case-insensitively, as IAM does (R2.8).
public protocol ConditionContext: Sendable {
    func value(forKey key: String) -> ConditionKeyValue
}

/// A context from a dictionary, with every other key unknown; for tests and
/// for callers that already know their keys.
public struct FixedConditionContext: ConditionContext {
    private let values: [String: ConditionKeyValue]

    public init(_ values: [String: ConditionKeyValue] = [:]) {
        self.values = Dictionary(values.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
    }

    public func value(forKey key: String) -> ConditionKeyValue {
        values[key.lowercased()] ?? .unknown
    }
}
