import IAMReports

/// Findings as aligned columns for a terminal.
///
/// The fix and the documentation link are nearly always the same for every
/// finding of a rule, so they are printed once per rule (and distinct fix)
/// under the table instead of stretching every row past the screen's width;
/// CSV and JSON repeat them per finding for tools.
public enum LintTableFormatter {
    static let header = ["SEVERITY", "RULE", "ACCOUNT", "PRINCIPAL", "POLICY", "STATEMENT", "MESSAGE"]

    public static func format(_ report: LintReport) -> String {
        var lines: [String] = []
        if report.findings.isEmpty {
            lines.append("No findings.")
        } else {
            let rows = report.findings.map { finding in
                [
                    finding.severity.name, finding.ruleID, finding.account, finding.principal, finding.policy,
                    finding.statementLabel, finding.message,
                ]
            }
            lines += TableFormatter.align(header: header, rows: rows)
            lines.append("")
            lines.append("How to fix:")
            // Once per distinct fix: a rule may tailor its fix to one finding (RC001 on a session cap).
            var seen: Set<[String]> = []
            for finding in report.findings.sorted(by: { $0.ruleID < $1.ruleID })
            where seen.insert([finding.ruleID, finding.fix]).inserted {
                lines.append("  \(finding.ruleID) \(finding.ruleName): \(finding.fix)")
                lines.append("        \(finding.documentation)")
            }
        }
        lines.append("")
        lines.append(report.summary)
        lines += report.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
