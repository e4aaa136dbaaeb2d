import IAMPolicy

/// What rules may know beyond the policy in front of them: the Service
/// Authorization Reference, the accounts the user knows, and the unique ids
/// of every imported principal (to tell a deleted principal's id, R2.5).
public struct LintContext: Sendable {
    public var reference: ServiceReference
    public var knownAccounts: KnownAccounts
    /// `RoleId` / `UserId` / `GroupId` values of imported principals.
    public var knownUniqueIDs: Set<String>

    public init(
        reference: ServiceReference = .shared,
        knownAccounts: KnownAccounts = KnownAccounts(),
        knownUniqueIDs: Set<String> = []
    ) {
        self.reference = reference
        self.knownAccounts = knownAccounts
        self.knownUniqueIDs = knownUniqueIDs
    }
}

/// One check. A rule looks at one policy at a time and returns zero or more
/// findings, so rules stay independent and can run in any order.
public protocol LintRule: Sendable {
    var descriptor: RuleDescriptor { get }
    func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding]
}
