import IAMPolicy

/// RC002: a condition key that none of the statement's actions can carry.
///
/// A key that is absent from every request makes ordinary operators false
/// and negated ones true (R2.11), so the condition silently decides the
/// statement's fate the same way on every request: usually an Allow that
/// never applies or a Deny that never (or always) applies.
///
/// Statements with a wildcard service (`*`, `*:Get*`) or `NotAction` are
/// skipped: they cover so many actions that almost any key is valid for one.
/// So are statements naming an action the reference does not know, and
/// keys named after an identity provider (`host:sub`), which the reference
/// cannot list.
public struct ConditionKeyRule: LintRule {
    public let descriptor = RuleDescriptor(
        id: "RC002",
        name: "condition-key-not-applicable",
        severity: .medium,
        summary:
            "A condition key that is neither global nor documented for any of the statement's actions, so requests never carry it.",
        fix: "Use a key the Service Authorization Reference lists for these actions (or a global aws: key), "
            + "or move the condition to a statement whose actions carry the key.",
        documentation:
            "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
    )

    public init() {}

    public func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding] {
        var result: [LintFinding] = []
        let memo = context.memo
        for statement in policy.document.statements where !statement.conditions.isEmpty {
            guard let patterns = Self.judgeablePatterns(statement, memo: memo) else { continue }
            var seen: Set<String> = []
            for clause in statement.conditions where seen.insert(clause.key.lowercased()).inserted {
                if context.reference.isGlobalConditionKey(clause.key) || IdentityProvider.isProviderClaimKey(clause.key)
                {
                    continue
                }
                if patterns.contains(where: { memo.isKey(clause.key, validForSomeActionOf: $0) }) { continue }
                let actions = patterns.flatMap(memo.actions(matching:))
                let what =
                    context.reference.conditionKeyType(clause.key) == nil
                    ? "AWS documents no condition key \(clause.key) (a typo?)"
                    : "\(clause.key) is not a global key and is not documented for \(Self.describe(actions, statement))"
                let message = what + ", so requests never carry it" + Self.consequence(of: clause, in: statement) + "."
                result.append(policy.finding(descriptor, statement, message))
            }
        }
        return result
    }

    /// The statement's action patterns, or nil when the rule cannot judge
    /// it: NotAction, a wildcard service, or an action the reference lacks.
    static func judgeablePatterns(_ statement: PolicyStatement, memo: ReferenceMemo) -> [String]? {
        guard case .listed(let patterns) = statement.actions, !patterns.isEmpty else { return nil }
        for pattern in patterns {
            guard let colon = pattern.firstIndex(of: ":"),
                !pattern[..<colon].contains(where: { $0 == "*" || $0 == "?" }),
                !memo.actions(matching: pattern).isEmpty
            else { return nil }
        }
        return patterns
    }

    private static func describe(_ actions: [String], _ statement: PolicyStatement) -> String {
        if actions.count <= 3 { return actions.joined(separator: ", ") }
        return "any of the \(actions.count) actions matched by \(statement.actions.patterns.joined(separator: ", "))"
    }

    /// What an always-absent key does to this statement.
    static func consequence(of clause: ConditionClause, in statement: PolicyStatement) -> String {
        guard let holds = clause.holdsWhenKeyIsAbsent else { return "" }
        switch (statement.isAllow, holds) {
        case (true, false): return ": \(clause.operatorName) is then always false and this Allow never applies"
        case (true, true): return ": \(clause.operatorName) is then always true and does not limit this Allow"
        case (false, false): return ": \(clause.operatorName) is then always false and this Deny never applies"
        case (false, true):
            return ": \(clause.operatorName) is then always true, so this Deny applies to every request it matches"
        }
    }
}
