/// One check. A rule looks at one policy at a time and returns zero or more
/// findings, so rules stay independent and can run in any order.
public protocol LintRule: Sendable {
    var descriptor: RuleDescriptor { get }
    func findings(in policy: LintedPolicy, context: LintContext) -> [LintFinding]
}
