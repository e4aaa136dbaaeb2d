/// Condition clauses in three-valued logic, so that what the snapshot cannot
/// see stays `unknown` instead of being guessed (semantics.md §7).
///
/// Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
/// (missing keys, IfExists, Null),
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
/// (AND/OR/NOR, ForAnyValue, ForAllValues),
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (R2.7).
public enum ConditionEvaluator {
    /// Evaluates one clause against what is known of the request.
    /// - policyVariables: whether `${...}` in values are variables (document Version 2012-10-17) or literal text (R2.7).
    ///
    /// An operator AWS does not have, a clause without values, or a value of
    /// the wrong type gives `.unknown`: such a clause cannot be decided, and
    /// only `unknown` is safe for both Allow and Deny.
    public static func evaluate(_ clause: ConditionClause, in context: any ConditionContext, policyVariables: Bool)
        -> Truth
    {
        guard let condition = ConditionOperator(clause.operatorName), !clause.values.isEmpty else { return .unknown }
        let requestValue = context.value(forKey: clause.key)
        if condition.base == .null { return evaluateNull(clause.values, requestValue) }

        let requestValues: [String]
        switch requestValue {
        case .unknown: return .unknown
        case .absent: requestValues = []
        case .present(let values): requestValues = values
        }
        // An empty set behaves as a missing key: ForAllValues is vacuously
        // true, ForAnyValue false ("if the key values in the request resolve to
        // an empty data set … ForAllValues returns true, … ForAnyValue returns false").
        guard !requestValues.isEmpty else { return withoutRequestValues(condition) }

        let substitute = policyVariables && condition.base.acceptsPolicyVariables
        let policyValues = clause.values.map { value -> ResolvedConditionValue in
            substitute
                ? PolicyVariables.resolve(value, in: context) : .value(ConditionValuePattern(written: value))
        }
        // Whether one request value matches any policy value (values are OR-ed).
        func matchesAny(_ requestValue: String) -> Truth {
            policyValues.reduce(Truth.false) { result, policyValue in
                result || match(requestValue, policyValue, condition.base)
            }
        }
        // The per-value test a set qualifier quantifies: for a negated
        // operator, "matches none of the policy values" (NOR).
        func satisfies(_ requestValue: String) -> Truth {
            condition.isNegated ? !matchesAny(requestValue) : matchesAny(requestValue)
        }

        switch condition.qualifier {
        case .forAnyValue:
            return requestValues.reduce(Truth.false) { $0 || satisfies($1) }
        case .forAllValues:
            return requestValues.reduce(Truth.true) { $0 && satisfies($1) }
        case .none:
            // Several values for a key without a set qualifier: AWS documents
            // set operators as required for multivalued keys and calls their
            // absence unsupported, so the result is not defined. We read it as
            // "some request value matches some policy value" and a negated
            // operator as the exact complement of that.
            let anyMatch = requestValues.reduce(Truth.false) { $0 || matchesAny($1) }
            return condition.isNegated ? !anyMatch : anyMatch
        }
    }

    /// All clauses of a statement ANDed (R2.11); returns the truth and the clauses that stayed unknown.
    ///
    /// `open` lists the clauses that left the result undecided, so it is empty
    /// whenever `truth` is decided: a `false` clause makes the others irrelevant.
    public static func evaluate(_ clauses: [ConditionClause], in context: any ConditionContext, policyVariables: Bool)
        -> (truth: Truth, open: [ConditionClause])
    {
        var truth = Truth.true
        var open: [ConditionClause] = []
        for clause in clauses {
            let result = evaluate(clause, in: context, policyVariables: policyVariables)
            truth = truth && result
            if result == .unknown { open.append(clause) }
        }
        return (truth, truth == .unknown ? open : [])
    }

    // MARK: - Pieces

    private static func match(
        _ requestValue: String,
        _ policyValue: ResolvedConditionValue,
        _ base: ConditionOperator.Base
    )
        -> Truth
    {
        switch policyValue {
        case .value(let pattern): ConditionComparison.matches(request: requestValue, policy: pattern, operator: base)
        case .matchesNothing: .false
        case .unknown: .unknown
        }
    }

    /// A missing key makes ordinary operators false and negated ones true;
    /// `…IfExists` makes it true ("If the key is not present, evaluate the
    /// condition element as true"), and so does `ForAllValues`, which is why it
    /// is over-permissive in an Allow (R2.11).
    private static func withoutRequestValues(_ condition: ConditionOperator) -> Truth {
        switch condition.qualifier {
        case .forAllValues: .true
        case .forAnyValue: Truth(condition.ifExists)
        case .none: Truth(condition.ifExists || condition.isNegated)
        }
    }

    /// `Null` "true" means the key is absent, "false" that it is present and
    /// not null; a key present with no values counts as null. A value other
    /// than true/false is a type mismatch (R7.3).
    private static func evaluateNull(_ values: [String], _ requestValue: ConditionKeyValue) -> Truth {
        let isNull: Bool
        switch requestValue {
        case .unknown: return .unknown
        case .absent: isNull = true
        case .present(let values): isNull = values.isEmpty
        }
        return values.reduce(Truth.false) { result, value in
            switch value.lowercased() {
            case "true": result || Truth(isNull)
            case "false": result || Truth(!isNull)
            default: result || .unknown
            }
        }
    }
}
