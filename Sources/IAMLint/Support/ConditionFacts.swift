import IAMPolicy

/// Questions rules ask about a statement's `Condition` block.
///
/// The recurring one is "does this condition really narrow the statement?",
/// which is subtler than "is the key mentioned": a negated operator, a
/// `ForAllValues:` qualifier or an `…IfExists` suffix all turn a missing key
/// into `true` (R2.11), and `StringLike "*"` matches everything.
extension ConditionClause {
    /// The operator, when it is one AWS accepts.
    var parsedOperator: ConditionOperator? { ConditionOperator(operatorName) }

    /// Condition key names are case-insensitive (R2.8).
    func isOn(_ otherKey: String) -> Bool { key.lowercased() == otherKey.lowercased() }

    /// Whether the clause can only hold for requests that carry a matching
    /// value of its key: a positive operator, not `ForAllValues`, not `Null`,
    /// and not a pattern list made of wildcards only.
    ///
    /// - Parameter allowingIfExists: accept `…IfExists`, for keys that every
    ///   request of the statement's kind carries (a web identity token always
    ///   has `aud` and `sub`), where the suffix changes nothing.
    /// - Returns: true when the clause narrows the statement.
    func restricts(allowingIfExists: Bool = false) -> Bool {
        guard isPositiveTest(allowingIfExists: allowingIfExists), let parsed = parsedOperator else { return false }
        switch parsed.base {
        case .stringLike, .arnLike: return values.contains { !Self.isOnlyWildcards($0) }
        default: return !values.isEmpty
        }
    }

    /// A positive test of the key's value: an operator AWS accepts, not
    /// negated, not `Null`, not `ForAllValues:` (nor `…IfExists` unless
    /// allowed). Such a clause fails for requests without a matching value.
    func isPositiveTest(allowingIfExists: Bool = false) -> Bool {
        guard let parsed = parsedOperator, parsed.base != .null, !parsed.isNegated, parsed.qualifier != .forAllValues
        else { return false }
        return allowingIfExists || !parsed.ifExists
    }

    /// Whether the condition holds when the request lacks the key entirely:
    /// ordinary operators are false, negated ones, `…IfExists` and
    /// `ForAllValues:` are true, `Null` depends on its value (R2.11).
    /// Nil when the operator is not one AWS accepts.
    var holdsWhenKeyIsAbsent: Bool? {
        guard let parsed = parsedOperator else { return nil }
        if parsed.base == .null { return values.allSatisfy { $0.lowercased() == "true" } }
        if parsed.ifExists || parsed.qualifier == .forAllValues { return true }
        if parsed.qualifier == .forAnyValue { return false }
        return parsed.isNegated
    }

    /// `*`, `?*`, `**`: a pattern that any non-empty value matches.
    static func isOnlyWildcards(_ pattern: String) -> Bool {
        !pattern.isEmpty && pattern.allSatisfy { $0 == "*" || $0 == "?" }
    }
}

extension PolicyStatement {
    /// The clauses on any of `keys` that really narrow the statement.
    func restrictingClauses(on keys: [String], allowingIfExists: Bool = false) -> [ConditionClause] {
        conditions.filter { clause in
            keys.contains(where: clause.isOn) && clause.restricts(allowingIfExists: allowingIfExists)
        }
    }

    func isRestricted(by key: String, allowingIfExists: Bool = false) -> Bool {
        !restrictingClauses(on: [key], allowingIfExists: allowingIfExists).isEmpty
    }
}
