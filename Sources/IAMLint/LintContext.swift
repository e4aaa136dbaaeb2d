import IAMPolicy

/// What rules may know beyond the policy in front of them: the Service
/// Authorization Reference, the accounts the user knows, and the unique ids
/// of every imported principal (to tell a deleted principal's id, R2.5).
public struct LintContext: Sendable {
    public var reference: ServiceReference { memo.reference }
    public var knownAccounts: KnownAccounts
    /// `RoleId` / `UserId` / `GroupId` values of imported principals.
    public var knownUniqueIDs: Set<String>
    /// Cached reference answers shared by every rule of the run.
    let memo: ReferenceMemo

    public init(
        reference: ServiceReference = .shared,
        knownAccounts: KnownAccounts = KnownAccounts(),
        knownUniqueIDs: Set<String> = []
    ) {
        self.memo = ReferenceMemo(reference)
        self.knownAccounts = knownAccounts
        self.knownUniqueIDs = knownUniqueIDs
    }
}
