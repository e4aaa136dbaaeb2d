import IAMPolicy

/// RC013: an identity policy allowing `sts:AssumeRole` on every role.
///
/// With `Resource: "*"` the holder may assume any role, in any account,
/// whose trust names the holder's account (R5.3, R5.4): each such trust
/// becomes a reachable hop, which is exactly the chain RoleChain reports.
/// Statements with `Action: "*"` are left to broader admin checks; this
/// rule looks at grants that name STS.
public struct AssumeRoleAnyResourceRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC013",
        name: "assume-role-any-resource",
        severity: .medium,
        summary: "An identity policy allowing sts:AssumeRole on Resource \"*\" (every role in every account).",
        fix: "List the role ARNs the holder needs in Resource, or limit the statement with a condition on "
            + "aws:ResourceAccount or aws:ResourceOrgID.",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html"
    )

    /// Conditions on the target role that confine `*` to known roles.
    static let limitingKeys = ["aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths"]

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        guard policy.kind.isIdentity else { return [] }
        return policy.document.statements.compactMap { statement in
            guard statement.isAllow, case .listed(let actions) = statement.actions,
                actions.contains(where: Self.namesAssumeRole),
                case .listed(let resources) = statement.resources, let broad = resources.first(where: Self.isEveryRole),
                statement.restrictingClauses(on: Self.limitingKeys).isEmpty,
                !statement.conditions.contains(where: {
                    $0.key.lowercased().hasPrefix("aws:resourcetag/") && $0.restricts()
                })
            else { return nil }
            let message =
                "The statement allows sts:AssumeRole on \"\(broad)\": the holder can assume any role, in this or any other "
                + "account, whose trust policy names its account."
            return policy.finding(descriptor, statement, message)
        }
    }

    /// `sts:AssumeRole`, `sts:*`, `sts:Assume*` …, with the service spelled out.
    static func namesAssumeRole(_ pattern: String) -> Bool {
        guard let colon = pattern.firstIndex(of: ":"), pattern[..<colon].lowercased() == "sts" else { return false }
        return WildcardPattern(pattern, caseInsensitive: true).matches("sts:AssumeRole")
    }

    /// `*`, or an IAM role pattern with a wildcard account and any role name.
    static func isEveryRole(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        guard let arn = ARN(pattern), arn.service == "iam" || arn.service == "*", arn.account == "*" else {
            return false
        }
        return arn.resource == "*" || arn.resource == "role/*"
    }
}
