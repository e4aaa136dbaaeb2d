import IAMPolicy

/// A principal on a chain.
public struct ChainNode: Sendable, Hashable, Codable {
    public var id: Int64
    public var arn: String
    /// `user`, `role`, `service`, `federated`, `account` or `anyone`.
    public var kind: String
    public var accountID: String?
    /// Whether the principal's own policies are in the store.
    public var isAnalysed: Bool
}

/// One hop of a chain, with why it is allowed.
public struct ChainHop: Sendable, Hashable, Codable {
    public var edgeID: Int64
    public var kind: String
    public var caveats: [Caveat]
    /// How the statements that allow the hop are cited.
    public var grants: [String]
    /// Facts that do not change whether the hop exists.
    public var notes: [String] = []
}

/// A shortest chain of AssumeRole hops from an entry principal.
public struct Chain: Sendable, Hashable, Codable {
    /// The principals in order, the entry first.
    public var nodes: [ChainNode]
    /// The hops between consecutive nodes.
    public var hops: [ChainHop]

    public var hopCount: Int { hops.count }
    public var source: ChainNode? { nodes.first }
    public var target: ChainNode? { nodes.last }

    /// The hops' notes, each once.
    public var notes: [String] {
        hops.count == 1 ? hops[0].notes.uniqued() : hops.flatMap(\.notes).uniqued()
    }

    /// The union of the hops' caveats: what the whole chain depends on.
    public var caveats: [Caveat] {
        hops.count == 1 ? hops[0].caveats.uniqued() : hops.flatMap(\.caveats).uniqued()
    }
}
