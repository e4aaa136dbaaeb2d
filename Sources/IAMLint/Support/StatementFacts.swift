import IAMPolicy

/// Questions rules ask about a statement's actions and principals.
extension PolicyStatement {
    /// Whether `Action`/`NotAction` covers one concrete action, with IAM's
    /// case-insensitive wildcards (R2.8, R2.9).
    func covers(action: String) -> Bool {
        let matches = actions.patterns.contains { WildcardPattern($0, caseInsensitive: true).matches(action) }
        return actions.isNegated ? !matches : matches
    }

    /// The `Principal` element; nil for `NotPrincipal` and for statements
    /// without one (identity policies).
    var principalSet: PrincipalSet? {
        if case .principal(let set) = principals { return set }
        return nil
    }

    /// The listed actions for messages: `sts:AssumeRole, sts:TagSession`.
    var actionSummary: String {
        let listed = actions.patterns.joined(separator: ", ")
        return actions.isNegated ? "every action except \(listed)" : listed
    }

    var isAllow: Bool { effect == .allow }
}

/// Reading `AWS` principal values (R2.3, R2.4).
enum AWSPrincipalValue {
    /// The account a value names or belongs to: a bare 12-digit id, or the
    /// account field of an IAM/STS ARN. Nil for `*` and unique ids.
    static func account(of value: String) -> String? {
        if ARN.isAccountID(value) { return value }
        if let arn = ARN(value), ARN.isAccountID(arn.account) { return arn.account }
        return nil
    }

    /// A bare account id or `arn:…:iam::ID:root`: the whole account, not the root user (R2.4).
    static func isAccount(_ value: String) -> Bool {
        ARN.isAccountID(value) || ARN(value)?.isAccountRoot == true
    }
}
