import IAMPolicy

/// RC004: a role trust naming an account the user does not know, without
/// `sts:ExternalId`.
///
/// An account outside the imported set (and, once organizations are
/// imported, outside the organization) is most often a vendor. A vendor
/// that assumes roles for many customers can be tricked into assuming
/// yours for someone else unless the trust demands an external id only
/// you and the vendor know (the confused-deputy problem, R7.2).
public struct ExternalAccountTrustRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC004",
        name: "trust-external-account-without-external-id",
        severity: .medium,
        summary:
            "A role trust naming an account outside the imported accounts (or organization) without an sts:ExternalId condition.",
        fix: "If the account is a third party, require StringEquals sts:ExternalId with the id the vendor gave you; "
            + "if it is one of yours, import its snapshot so RoleChain can follow the chain.",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind == .trust else { return [] }
        return policy.document.statements.compactMap { statement in
            guard statement.isAllow, let principals = statement.principalSet,
                !statement.isRestricted(by: "sts:ExternalId")
            else { return nil }
            var outside: [String] = []
            for value in principals.aws {
                guard let account = AWSPrincipalValue.account(of: value), account != policy.account,
                    !context.knownAccounts.contains(account), !outside.contains(account)
                else { continue }
                outside.append(account)
            }
            guard !outside.isEmpty else { return nil }
            let accounts = outside.joined(separator: ", ")
            let message =
                "The trust lets account \(accounts) assume this role, which is outside "
                + "\(context.knownAccounts.scopeDescription), and no sts:ExternalId condition guards it against "
                + "a third party being tricked into using it for someone else (confused deputy)."
            return policy.finding(descriptor, statement, message)
        }
    }
}
