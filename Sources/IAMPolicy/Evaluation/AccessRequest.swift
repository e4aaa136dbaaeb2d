/// One request to decide: a caller, an action and a resource.
public struct AccessRequest: Sendable {
    /// Which evaluation rules apply: a role's trust policy must always allow
    /// (R5.1), a bucket policy may grant on its own in the same account (R3.3).
    public enum ResourceKind: Sendable, Hashable {
        case role
        case bucket
    }

    public var caller: RequestPrincipal
    public var action: String
    public var resource: ResourceQuery
    public var resourceKind: ResourceKind
    /// The account owning the resource; `nil` when unknown (a bucket with
    /// no imported policy and no `--bucket-account`).
    public var resourceAccount: String?
    public var resourceOrganizationID: String?

    public init(
        caller: RequestPrincipal,
        action: String,
        resource: ResourceQuery,
        resourceKind: ResourceKind,
        resourceAccount: String?,
        resourceOrganizationID: String? = nil
    ) {
        self.caller = caller
        self.action = action
        self.resource = resource
        self.resourceKind = resourceKind
        self.resourceAccount = resourceAccount
        self.resourceOrganizationID = resourceOrganizationID
    }

    public var isSameAccount: Bool {
        resourceAccount != nil && caller.accountID == resourceAccount
    }
}
