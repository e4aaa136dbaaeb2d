import IAMPolicy
import IAMStore

/// Runs every rule over every policy and orders the findings, most severe
/// first, so the top of any report is what to fix first.
public struct Linter: Sendable {
    /// Every rule, in id order. New rules are appended here and in the README.
    public static let defaultRules: [any LintRule] = [
        ConditionTypeRule(), ConditionKeyRule(), OpenTrustRule(), ExternalAccountTrustRule(), OIDCAudienceRule(),
        GitHubSubjectRule(), FederatedActionRule(), NotPrincipalAllowRule(), ForAllValuesAllowRule(),
        PolicyVariableVersionRule(), DeletedPrincipalRule(), SelfTrustRule(), AssumeRoleAnyResourceRule(),
        AccountRootTrustRule(),
    ]

    /// What each rule checks, for documentation and help text.
    public static var catalog: [RuleDescriptor] { defaultRules.map(\.descriptor) }

    public var rules: [any LintRule]
    public var context: LintContext

    public init(context: LintContext = LintContext(), rules: [any LintRule] = Linter.defaultRules) {
        self.context = context
        self.rules = rules
    }

    /// Every finding for these policies, sorted.
    public func lint(_ policies: [LintedPolicy]) -> [LintFinding] {
        let findings = policies.flatMap { policy in rules.flatMap { $0.findings(in: policy, context: context) } }
        return findings.sorted(by: Self.reportOrder)
    }

    /// Lints everything in the store in one read transaction, so the report
    /// matches one committed state even while an import runs.
    public static func lint(store: RoleChainStore, reference: ServiceReference = .shared) throws -> LintReport {
        let (policies, unreadable, context) = try store.read { db in
            let (policies, unreadable) = try LintStoreReader.policies(db)
            let context = LintContext(
                reference: reference,
                knownAccounts: try LintStoreReader.knownAccounts(db),
                knownUniqueIDs: try LintStoreReader.uniqueIDs(db)
            )
            return (policies, unreadable, context)
        }
        var notes = unreadable.map { "could not parse the stored policy \($0); it was not linted" }
        if let loadError = reference.loadError {
            notes.append(
                "the Service Authorization Reference is unavailable (\(loadError)); RC001 and RC002 were skipped"
            )
        }
        return LintReport(findings: Linter(context: context).lint(policies), policyCount: policies.count, notes: notes)
    }

    /// Severity (most severe first), then place, then rule id.
    static func reportOrder(_ a: LintFinding, _ b: LintFinding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        let left = (a.account, a.principal, a.policy, a.statementIndex, a.ruleID, a.message)
        let right = (b.account, b.principal, b.policy, b.statementIndex, b.ruleID, b.message)
        return left < right
    }
}
