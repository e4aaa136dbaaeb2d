import IAMPolicy

/// RC001: an operator of the wrong type for its key (R7.3, §8b).
///
/// Access Analyzer rejects such conditions as a type mismatch and AWS does
/// not document what happens at run time, so the analyzer treats them as
/// undecidable; whatever the author meant, the condition does not express
/// it. The classic case is `NumericLessThan aws:RequestedRegion "3600"`,
/// written to cap session length, which no condition can do.
public struct ConditionTypeRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC001",
        name: "condition-type-mismatch",
        severity: .medium,
        summary:
            "A condition operator of the wrong type for its key (Numeric or Date operator on a String key, String operator on a Numeric key, …).",
        fix:
            "Use an operator of the key's documented type: String keys take String operators, Numeric keys Numeric ones, "
            + "Date keys Date ones, Bool keys Bool, IP keys IpAddress/NotIpAddress, ARN keys ARN (or String) operators.",
        documentation:
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
    )

    /// Session length is the role's MaxSessionDuration and the caller's DurationSeconds, never a condition (R5.11).
    static let sessionNote =
        "Session length cannot be limited by a condition: it is set by the role's MaxSessionDuration (1–12 h) "
        + "and the caller's DurationSeconds (at most 1 h when chaining roles)."
    static let sessionFix =
        "Delete the condition; to cap sessions set the role's MaxSessionDuration (aws iam update-role --max-session-duration 3600); "
        + "to limit Regions use StringEquals on aws:RequestedRegion with Region codes such as us-east-1."

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        var result: [LintFinding] = []
        for statement in policy.document.statements {
            for clause in statement.conditions {
                guard let parsed = clause.parsedOperator, let expected = parsed.expectedKeyType,
                    let keyTypes = context.reference.conditionKeyTypes(clause.key),
                    !Self.accepts(operatorType: expected, keyTypes: keyTypes)
                else { continue }
                let outcome =
                    statement.isAllow
                    ? "in this Allow it most likely grants nothing" : "in this Deny it most likely never applies"
                var message =
                    "\(clause.operatorName) compares \(clause.key) as \(expected), but AWS documents the key as "
                    + "\(keyTypes.joined(separator: " or ")); Access Analyzer calls this a type mismatch and the run-time "
                    + "result is undocumented, so \(outcome)."
                var fix: String?
                if Self.concernsSessionLength(parsed, clause: clause, statement: statement, policy: policy) {
                    if clause.isOn("aws:RequestedRegion") {
                        message += " aws:RequestedRegion holds a Region code such as us-east-1, not a duration."
                    }
                    message += " " + Self.sessionNote
                    fix = Self.sessionFix
                }
                result.append(policy.finding(descriptor, statement, message, fix: fix))
            }
        }
        return result
    }

    /// Whether an operator of `operatorType` may be used on a key of any of
    /// `keyTypes`. Array types take their element's operators (with
    /// `ForAnyValue`/`ForAllValues`), and String operators are accepted on
    /// ARN keys, as the global-key pages allow.
    static func accepts(operatorType: String, keyTypes: [String]) -> Bool {
        keyTypes.contains { keyType in
            let element = keyType.hasPrefix("ArrayOf") ? String(keyType.dropFirst("ArrayOf".count)) : keyType
            return element.lowercased() == operatorType.lowercased() || (operatorType == "String" && element == "ARN")
        }
    }

    /// A number compared in a role trust or an AssumeRole grant, or any
    /// number compared with aws:RequestedRegion: the shape of §8b, where the
    /// author almost always wanted to cap the session.
    private static func concernsSessionLength(
        _ parsed: ConditionOperator,
        clause: ConditionClause,
        statement: PolicyStatement,
        policy: LintedPolicy
    ) -> Bool {
        guard parsed.expectedKeyType == "Numeric" else { return false }
        return clause.isOn("aws:RequestedRegion") || policy.kind == .trust || statement.covers(action: "sts:AssumeRole")
    }
}
