import IAMPolicy

/// Why a principal can or cannot reach a role or a bucket: the chain with
/// the statements behind each hop, or, when there is none, the rule that
/// blocks each hop that could have made one.
public struct Explanation: Sendable, Codable {
    /// A hop that would have completed a path, and what blocks it.
    public struct BlockedHop: Sendable, Codable, Hashable {
        public var from: String
        public var to: String
        public var action: String
        public var reasons: [String]
    }

    public var from: String
    public var to: String
    public var action: String
    /// The shortest chain from `from` to `to` (for a bucket: to the principal holding the access).
    public var chain: Chain?
    /// For a bucket: the access at the end of the chain.
    public var access: ReachAnswer?
    public var blocked: [BlockedHop]
    /// Facts that help read the chain, such as the instance profile through
    /// which EC2 holds a role.
    public var notes: [String] = []

    public var isReachable: Bool { chain != nil || access != nil }
}
