import IAMPolicy

/// A policy document as the linter sees it: parsed, with where it lives.
///
/// Rules read documents rather than the store's statement rows because
/// some checks need what only the document has (its `Version`, R2.7), and
/// because tests can then lint a document without a database.
public struct LintedPolicy: Sendable {
    /// Which of the store's policy kinds this is; rules that only make sense
    /// for one kind (trust policies) check it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case inline, managed, trust, bucket, scp, rcp

        /// Identity-based: attached to a user, group or role.
        public var isIdentity: Bool { self == .inline || self == .managed }
    }

    public var kind: Kind
    /// The account the policy lives in; empty when unknown.
    public var account: String
    /// The holder: role/user/group ARN, bucket name, or empty.
    public var principal: String
    /// `role`, `user` or `group` for inline and trust policies; nil otherwise.
    public var principalKind: String?
    /// Inline name, managed ARN, `trust policy` or `bucket policy`.
    public var name: String
    public var document: PolicyDocument

    public init(
        kind: Kind,
        account: String,
        principal: String,
        principalKind: String? = nil,
        name: String,
        document: PolicyDocument
    ) {
        self.kind = kind
        self.account = account
        self.principal = principal
        self.principalKind = principalKind
        self.name = name
        self.document = document
    }

    /// A finding about one of this policy's statements.
    func finding(
        _ rule: RuleDescriptor,
        _ statement: PolicyStatement,
        _ message: String,
        severity: Severity? = nil,
        fix: String? = nil
    ) -> LintFinding {
        LintFinding(
            rule: rule,
            severity: severity,
            account: account,
            principal: principal,
            policy: name,
            policyKind: kind.rawValue,
            sid: statement.sid,
            statementIndex: statement.index,
            message: message,
            fix: fix
        )
    }
}
