import IAMPolicy

/// RC008: `Allow` with `NotPrincipal`.
///
/// The statement grants its actions to every principal except the listed
/// ones, including anonymous callers and every other account (R2.6). AWS
/// advises against it; it is almost always a misreading of Deny+NotPrincipal.
public struct NotPrincipalAllowRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC008",
        name: "allow-with-notprincipal",
        severity: .high,
        summary: "An Allow statement with NotPrincipal, which grants to everyone except the listed principals.",
        fix: "Use Principal with the principals that should have access; to exempt principals from a restriction, "
            + "use Deny with a condition on aws:PrincipalArn instead.",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        policy.document.statements.compactMap { statement in
            guard statement.isAllow, case .notPrincipal(let excluded) = statement.principals else { return nil }
            let names = excluded.entries.map(\.value).joined(separator: ", ")
            let message =
                "Allow with NotPrincipal grants \(statement.actionSummary) to every principal except \(names), "
                + "including anonymous callers and every other AWS account."
            return policy.finding(descriptor, statement, message)
        }
    }
}
