import IAMPolicy

/// RC007: a federated principal trusted for the wrong STS action.
///
/// SAML sign-ins call `sts:AssumeRoleWithSAML` and OIDC sign-ins
/// `sts:AssumeRoleWithWebIdentity`; a statement naming the provider with
/// only `sts:AssumeRole` can never match a real call, so the federation
/// does not work and someone may "fix" it by widening the trust (R5.8).
public struct FederatedActionRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC007",
        name: "federated-trust-wrong-action",
        severity: .medium,
        summary:
            "A Federated principal trusted for an STS action its sign-ins never call (SAML needs sts:AssumeRoleWithSAML, OIDC sts:AssumeRoleWithWebIdentity).",
        fix:
            "Set Action to sts:AssumeRoleWithSAML for a saml-provider, sts:AssumeRoleWithWebIdentity for an OIDC provider "
            + "(add sts:TagSession if the provider sends session tags).",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind == .trust else { return [] }
        var result: [LintFinding] = []
        for statement in policy.document.statements where statement.isAllow {
            guard let principals = statement.principalSet else { continue }
            for value in principals.federated {
                let provider = IdentityProvider(value)
                guard let needed = provider.requiredAction, !statement.covers(action: needed) else { continue }
                let message =
                    "The statement trusts \(provider.displayName) for \(statement.actionSummary), but its sign-ins call "
                    + "\(needed), so the statement never matches and the role cannot be used through that provider."
                result.append(policy.finding(descriptor, statement, message))
            }
        }
        return result
    }
}
