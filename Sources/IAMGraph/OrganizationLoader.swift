import GRDB
import IAMPolicy
import IAMStore

/// Builds the ``OrganizationContext`` from the store; empty until an
/// organization is imported.
public enum OrganizationLoader {
    public static func load(_ store: RoleChainStore) throws -> OrganizationContext {
        try store.read { db in try load(db) }
    }

    static func load(_ db: Database) throws -> OrganizationContext {
        OrganizationContext()
    }
}
