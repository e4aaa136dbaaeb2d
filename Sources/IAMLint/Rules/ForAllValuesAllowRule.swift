import IAMPolicy

/// RC009: `ForAllValues:` in an `Allow`.
///
/// `ForAllValues` is true when every value in the request matches, which
/// includes a request with no value at all (R2.11): an Allow meant to
/// admit "only these tags" also admits requests without tags. The usual
/// guard is a `Null: {key: "false"}` clause beside it, which this rule
/// accepts.
public struct ForAllValuesAllowRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC009",
        name: "forallvalues-in-allow",
        severity: .medium,
        summary:
            "ForAllValues: in an Allow without a Null check on the same key: it also matches requests that lack the key.",
        fix: "Add \"Null\": {\"<key>\": \"false\"} to the same statement to require the key, "
            + "or use ForAnyValue: if one matching value should be enough.",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        var result: [LintFinding] = []
        for statement in policy.document.statements where statement.isAllow {
            for clause in statement.conditions where clause.parsedOperator?.qualifier == .forAllValues {
                if Self.requiresPresence(of: clause.key, in: statement) { continue }
                let message =
                    "\(clause.operatorName) on \(clause.key) is also true when the request carries no \(clause.key) "
                    + "at all, so this Allow applies to such requests too."
                result.append(policy.finding(descriptor, statement, message))
            }
        }
        return result
    }

    /// A `Null: {key: "false"}` clause: the key must be present.
    static func requiresPresence(of key: String, in statement: PolicyStatement) -> Bool {
        statement.conditions.contains { other in
            other.operatorName == "Null" && other.isOn(key) && !other.values.isEmpty
                && other.values.allSatisfy { $0.lowercased() == "false" }
        }
    }
}
