/// Every policy that bears on one request, grouped by the role each plays
/// in AWS's evaluation (semantics.md R3.2).
public struct AccessPolicies: Sendable {
    /// The caller's identity policies: inline, attached managed (default
    /// version) and those of its groups. Empty for callers that are not
    /// analysed IAM identities.
    public var identity: [AttributedStatement]
    /// Managed policies attached to the caller but missing from its
    /// snapshot: they "may allow anything" (R1.8).
    public var unknownIdentityPolicies: [String]
    /// The caller's permissions boundary; `nil` when it has none, or when
    /// the boundary policy is missing from the snapshot (then it restricts
    /// nothing, R1.8).
    public var boundary: [AttributedStatement]?
    /// The trust policy or bucket policy; `nil` when the resource has none.
    public var resourcePolicy: [AttributedStatement]?
    /// SCPs from the organization root down to the caller's account, one
    /// list per level; empty when SCPs do not apply to this caller.
    public var serviceControlPolicies: [[AttributedStatement]]
    /// RCPs from the root down to the resource's account, one list per level.
    public var resourceControlPolicies: [[AttributedStatement]]

    public init(
        identity: [AttributedStatement] = [],
        unknownIdentityPolicies: [String] = [],
        boundary: [AttributedStatement]? = nil,
        resourcePolicy: [AttributedStatement]? = nil,
        serviceControlPolicies: [[AttributedStatement]] = [],
        resourceControlPolicies: [[AttributedStatement]] = []
    ) {
        self.identity = identity
        self.unknownIdentityPolicies = unknownIdentityPolicies
        self.boundary = boundary
        self.resourcePolicy = resourcePolicy
        self.serviceControlPolicies = serviceControlPolicies
        self.resourceControlPolicies = resourceControlPolicies
    }
}
