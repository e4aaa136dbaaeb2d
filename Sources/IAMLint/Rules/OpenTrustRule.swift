import IAMPolicy

/// RC003: a role trust that lets every AWS principal in every account in.
///
/// `Principal: "*"` (or `{"AWS": "*"}`, R2.3) in a trust policy lets any
/// principal of any account assume the role once its own identity policy
/// allows it (R5.9), and same-account principals without even that. Only a
/// condition that pins down who the caller is makes this safe.
public struct OpenTrustRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC003",
        name: "trust-open-to-everyone",
        severity: .critical,
        summary: "A role trust with Principal \"*\" and no condition that limits who may assume the role.",
        fix: "Name the trusted roles or accounts in Principal, or keep \"*\" and add a condition that pins the caller, "
            + "such as StringEquals aws:PrincipalOrgID o-… or ArnLike aws:PrincipalArn arn:aws:iam::ACCOUNT:role/….",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
    )

    /// Keys whose value identifies the caller (or, for service principals,
    /// on whose behalf it acts), so a positive condition on one limits who.
    static let limitingKeys = [
        "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:userid",
        "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths", "sts:ExternalId",
    ]

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind == .trust else { return [] }
        return policy.document.statements.compactMap { statement in
            guard statement.isAllow, statement.principalSet?.isEveryone == true,
                statement.restrictingClauses(on: Self.limitingKeys).isEmpty
            else { return nil }
            var message =
                "The trust lets any principal of any AWS account (Principal \"*\") call \(statement.actionSummary) "
                + "on this role, and no condition limits who"
            if !statement.conditions.isEmpty {
                let present = statement.conditions.map(\.description).joined(separator: "; ")
                message += " (the conditions present — \(present) — do not identify the caller)"
            }
            return policy.finding(descriptor, statement, message + ".")
        }
    }
}
