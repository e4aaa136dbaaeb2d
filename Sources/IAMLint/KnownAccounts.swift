/// The accounts whose principals the user knows: those imported into the
/// store and every member account of the imported organization. Rule RC004
/// asks it whether a trusted account is "ours".
///
/// Kept apart from the store so that another source of "our accounts"
/// (an allow-list file, a second organization) can be added here without
/// touching any rule; `LintStoreReader.knownAccounts` fills it.
public struct KnownAccounts: Sendable, Hashable {
    /// Accounts with a snapshot in the store (`account.isAnalysed = 1`).
    public var imported: Set<String>
    /// Member accounts of the imported organization; empty when none was imported.
    public var organization: Set<String>

    public init(imported: Set<String> = [], organization: Set<String> = []) {
        self.imported = imported
        self.organization = organization
    }

    public func contains(_ accountID: String) -> Bool {
        imported.contains(accountID) || organization.contains(accountID)
    }

    /// How messages name the set, so a reader knows what "outside" meant.
    public var scopeDescription: String {
        organization.isEmpty ? "the imported accounts" : "the imported accounts or the organization"
    }
}
