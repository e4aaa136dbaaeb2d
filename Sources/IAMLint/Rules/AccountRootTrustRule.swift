import IAMPolicy

/// RC014: a role trust naming its own account.
///
/// `"111111111111"` and `arn:aws:iam::111111111111:root` mean the whole
/// account, not the root user (R2.4). They delegate: a principal of the
/// account can assume the role only if its own identity policy also allows
/// `sts:AssumeRole` on it (R5.3). That is often fine; it is also often
/// written by someone who meant one role and expected the trust alone to
/// suffice (§8a).
public struct AccountRootTrustRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC014",
        name: "trust-names-own-account",
        severity: .info,
        summary:
            "A role trust naming its own account (ID or :root): it delegates to identity policies rather than trusting anyone.",
        fix:
            "To trust one role or user, name its ARN in Principal (in the same account no identity Allow is then needed); "
            + "otherwise grant sts:AssumeRole on this role's ARN only to the intended principals.",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind == .trust, !policy.account.isEmpty else { return [] }
        return policy.document.statements.compactMap { statement in
            guard statement.isAllow, let principals = statement.principalSet,
                let named = principals.aws.first(where: {
                    AWSPrincipalValue.isAccount($0) && AWSPrincipalValue.account(of: $0) == policy.account
                })
            else { return nil }
            let message =
                "The trust names this role's own account (\(named)), which is not the root user: it lets any user or role "
                + "of the account whose identity policy allows sts:AssumeRole on this role assume it, and no one without one."
            return policy.finding(descriptor, statement, message)
        }
    }
}
