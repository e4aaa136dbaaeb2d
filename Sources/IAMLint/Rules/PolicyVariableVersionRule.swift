import IAMPolicy

/// RC010: `${…}` policy variables in a document that is not version
/// 2012-10-17.
///
/// Under `2008-10-17`, or with no `Version`, variables are literal text
/// (R2.7): `arn:aws:s3:::bucket/${aws:username}/*` then only matches a
/// folder literally named `${aws:username}`, so an Allow grants less than
/// intended and a Deny protects less.
public struct PolicyVariableVersionRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC010",
        name: "policy-variable-without-version",
        severity: .medium,
        summary:
            "Policy variables (${…}) in a document whose Version is 2008-10-17 or missing, where they are literal text.",
        fix: "Add \"Version\": \"2012-10-17\" at the top of the policy document.",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard !policy.document.supportsPolicyVariables else { return [] }
        let version = policy.document.version.map { "Version \($0)" } ?? "no Version"
        return policy.document.statements.compactMap { statement in
            let places =
                (statement.resources?.patterns ?? []) + statement.conditions.flatMap(\.values)
            guard let sample = places.first(where: { $0.contains("${") }) else { return nil }
            let message =
                "The policy has \(version), so \(sample) is literal text, not a policy variable: it only matches "
                + "values containing those exact characters."
            return policy.finding(descriptor, statement, message)
        }
    }
}
