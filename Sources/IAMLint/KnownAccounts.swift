/// The accounts whose principals the user knows: those imported into the
/// store and, once an organization import exists, every account of the
/// organization. Rule RC004 asks it whether a trusted account is "ours".
///
/// Kept separate from the store so that the organization's list can be
/// added without touching any rule: fill ``organization`` from the future
/// organization tables (see `LintStoreReader.knownAccounts`).
public struct KnownAccounts: Sendable, Hashable {
    /// Accounts with a snapshot in the store (`account.isAnalysed = 1`).
    public var imported: Set<String>
    /// Member accounts of the organization, when known; empty today.
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
