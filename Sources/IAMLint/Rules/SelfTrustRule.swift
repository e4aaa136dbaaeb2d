import IAMPolicy

/// RC012: a role whose trust names the role itself.
///
/// Roles no longer trust themselves implicitly (R5.1); an explicit self
/// grant lets any session of the role assume it again, renewing its
/// credentials indefinitely in one-hour chained sessions. Sometimes needed
/// (some SDK refresh patterns), often a leftover; worth knowing either way.
public struct SelfTrustRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC012",
        name: "role-trusts-itself",
        severity: .info,
        summary: "A role whose trust policy names its own ARN, so its sessions can assume it again.",
        fix: "Remove the role's own ARN from Principal unless a workload depends on re-assuming the role.",
        documentation: "https://aws.amazon.com/blogs/security/announcing-an-update-to-iam-role-trust-policy-behavior/"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind == .trust, !policy.principal.isEmpty else { return [] }
        return policy.document.statements.compactMap { statement in
            guard statement.isAllow, statement.principalSet?.aws.contains(policy.principal) == true else { return nil }
            let message =
                "The role trusts its own ARN, so any session of the role can assume it again and renew its "
                + "credentials (each chained session lasts at most 1 h)."
            return policy.finding(descriptor, statement, message)
        }
    }
}
