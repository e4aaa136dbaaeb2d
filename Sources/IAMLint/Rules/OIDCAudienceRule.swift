import IAMPolicy

/// RC005: a web identity trust with no audience condition.
///
/// An OIDC provider issues tokens to every application registered with
/// it; the audience (`aud`, or `app_id` for Facebook and Login with
/// Amazon) is what says the token was issued for *your* application. For
/// Cognito it is the identity pool, so without it any pool's identity can
/// assume the role (R5.8).
public struct OIDCAudienceRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC005",
        name: "oidc-trust-without-audience",
        severity: .high,
        summary: "A web identity (OIDC) trust without a condition on the provider's audience key (<host>:aud).",
        fix:
            "Add StringEquals <host>:aud with your client id: sts.amazonaws.com for GitHub Actions, the identity pool id "
            + "for Cognito, the OAuth client id for other providers.",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind == .trust else { return [] }
        var result: [LintFinding] = []
        for statement in policy.document.statements where statement.isAllow {
            guard let principals = statement.principalSet,
                statement.covers(action: IdentityProvider.webIdentityAction)
            else { continue }
            for value in principals.federated {
                let provider = IdentityProvider(value)
                guard let key = provider.audienceKey, !statement.isRestricted(by: key, allowingIfExists: true) else {
                    continue
                }
                let message =
                    "The trust accepts tokens from \(provider.displayName) with no \(key) condition, so a token issued "
                    + "to any application of that provider can assume this role."
                result.append(policy.finding(descriptor, statement, message))
            }
        }
        return result
    }
}
