/// The result of one lint run: what the formatters print and what
/// `--fail-on` inspects.
public struct LintReport: Sendable {
    /// Sorted by ``Linter/reportOrder(_:_:)``.
    public var findings: [LintFinding]
    /// How many policies were examined, so "no findings" can be told from "nothing imported".
    public var policyCount: Int
    /// Things the reader must know about the run itself (unparseable policies, missing reference data).
    public var notes: [String]

    public init(findings: [LintFinding], policyCount: Int, notes: [String] = []) {
        self.findings = findings
        self.policyCount = policyCount
        self.notes = notes
    }

    /// The report without findings below `minimum`.
    public func filtered(minimum: Severity) -> LintReport {
        LintReport(findings: findings.filter { $0.severity >= minimum }, policyCount: policyCount, notes: notes)
    }

    /// Findings at or above `threshold`, for `--fail-on`.
    public func count(atOrAbove threshold: Severity) -> Int {
        findings.count { $0.severity >= threshold }
    }

    /// Findings per severity, every severity present (zero when none), most severe first.
    public var countsBySeverity: [(severity: Severity, count: Int)] {
        Severity.allCases.reversed().map { severity in (severity, findings.count { $0.severity == severity }) }
    }

    /// "3 findings in 12 policies: 1 critical, 2 medium".
    public var summary: String {
        let parts = countsBySeverity.filter { $0.count > 0 }.map { "\($0.count) \($0.severity.name)" }
        let noun = findings.count == 1 ? "finding" : "findings"
        let policies = policyCount == 1 ? "policy" : "policies"
        let head = "\(findings.count) \(noun) in \(policyCount) \(policies)"
        return parts.isEmpty ? head : head + ": " + parts.joined(separator: ", ")
    }
}
