/// What an imported AWS Organization adds to evaluation: membership for
/// `aws:PrincipalOrgID`, and the SCPs and RCPs in force for each account.
///
/// Without an imported organization every account is of unknown
/// membership and no SCP or RCP applies — the over-approximation the
/// soundness stance asks for, since these policies only ever remove access.
public struct OrganizationContext: Sendable {
    /// Where an account sits and which guardrails reach it, root first.
    public struct Placement: Sendable {
        public var paths: [String]
        public var serviceControlPolicies: [[AttributedStatement]]
        public var resourceControlPolicies: [[AttributedStatement]]

        public init(
            paths: [String],
            serviceControlPolicies: [[AttributedStatement]] = [],
            resourceControlPolicies: [[AttributedStatement]] = []
        ) {
            self.paths = paths
            self.serviceControlPolicies = serviceControlPolicies
            self.resourceControlPolicies = resourceControlPolicies
        }
    }

    public var organizationID: String?
    public var managementAccountID: String?
    public var accounts: [String: Placement]

    public init(organizationID: String? = nil, managementAccountID: String? = nil, accounts: [String: Placement] = [:])
    {
        self.organizationID = organizationID
        self.managementAccountID = managementAccountID
        self.accounts = accounts
    }

    public func membership(ofAccount account: String?) -> RequestPrincipal.OrganizationMembership {
        guard let organizationID else { return .unknown }
        guard let account, let placement = accounts[account] else { return account == nil ? .unknown : .none }
        return .member(organizationID: organizationID, paths: placement.paths)
    }

    public func organizationID(ofAccount account: String) -> String? {
        accounts[account] != nil ? organizationID : nil
    }

    /// SCPs bind IAM users and roles of member accounts only: not the
    /// management account, not service-linked roles, not outsiders (R3.6).
    public func serviceControlPolicies(for caller: RequestPrincipal) -> [[AttributedStatement]] {
        guard caller.isIdentity || caller.isRootUser, !caller.isServiceLinked, let account = caller.accountID,
            account != managementAccountID
        else { return [] }
        return accounts[account]?.serviceControlPolicies ?? []
    }

    /// RCPs guard resources of member accounts, whoever calls (R3.7).
    public func resourceControlPolicies(forAccount account: String?) -> [[AttributedStatement]] {
        guard let account, account != managementAccountID else { return [] }
        return accounts[account]?.resourceControlPolicies ?? []
    }
}
