import IAMPolicy

/// One principal that can reach the bucket with one action, by its
/// shortest chain.
public struct ReachAnswer: Sendable, Hashable, Codable {
    /// The entry principal: an ARN, a service name or `*`.
    public var principal: String
    /// `user`, `role`, `service`, `federated`, `account` or `anyone`.
    public var principalType: String
    public var accountID: String?
    /// AssumeRole steps before the access; 0 for a principal that holds it.
    public var hops: Int
    /// The chain from this principal to the one holding the access.
    public var chain: Chain?
    public var action: String
    /// The `Resource` patterns of the statements that grant the access.
    public var resources: [String]
    /// The statements that grant the final access.
    public var grantedBy: [String]
    /// What the whole answer depends on: every hop's and the access's caveats.
    public var caveats: [Caveat]

    /// The principals from the entry to the holder.
    public var path: [String] {
        chain?.nodes.map(\.arn) ?? [principal]
    }
}

/// The answer to a ``BucketQuestion``.
public struct ReachReport: Sendable, Codable {
    public var bucket: String
    public var bucketAccount: String?
    public var actions: [String]
    public var answers: [ReachAnswer]
    /// Completeness warnings that bear on this answer.
    public var warnings: [String]
}
