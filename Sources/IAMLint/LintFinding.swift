/// One problem in one statement of one policy, with everything a reader
/// needs to find it in the AWS console and fix it without opening the docs
/// first: where it is, why it matters, what to change, and where AWS
/// explains it.
public struct LintFinding: Sendable, Hashable {
    /// Stable id such as `RC003`; tools filter and suppress by it.
    public var ruleID: String
    /// Short kebab-case name of the rule, such as `trust-open-to-everyone`.
    public var ruleName: String
    public var severity: Severity
    /// The 12-digit account the policy lives in; empty when unknown (a
    /// bucket whose owner was never recorded).
    public var account: String
    /// The role, user or group ARN holding the policy, or the bucket name;
    /// empty for customer managed policies and organization policies, which
    /// stand alone.
    public var principal: String
    /// Inline policy name, managed policy ARN, `trust policy` or `bucket policy`.
    public var policy: String
    /// What kind of policy `policy` is: `inline`, `managed`, `trust`, `bucket`, `scp` or `rcp`.
    public var policyKind: String
    public var sid: String?
    /// Position in the policy's `Statement` list, from 0.
    public var statementIndex: Int
    /// One sentence (sometimes two) about this statement.
    public var message: String
    /// What to change.
    public var fix: String
    /// The AWS documentation page that explains the rule.
    public var documentation: String

    public init(
        rule: RuleDescriptor,
        severity: Severity? = nil,
        account: String,
        principal: String,
        policy: String,
        policyKind: String,
        sid: String?,
        statementIndex: Int,
        message: String,
        fix: String? = nil
    ) {
        ruleID = rule.id
        ruleName = rule.name
        self.severity = severity ?? rule.severity
        self.account = account
        self.principal = principal
        self.policy = policy
        self.policyKind = policyKind
        self.sid = sid
        self.statementIndex = statementIndex
        self.message = message
        self.fix = fix ?? rule.fix
        documentation = rule.documentation
    }

    /// How reports cite the statement: `Sid AllowCI`, else `Statement[2]`.
    public var statementLabel: String {
        if let sid, !sid.isEmpty { return "Sid \(sid)" }
        return "Statement[\(statementIndex)]"
    }
}
