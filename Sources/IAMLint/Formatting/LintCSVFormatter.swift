import IAMReports

/// One RFC 4180 row per finding, through ``CSVWriter`` so that policy
/// names, Sids and messages quoting attacker-chosen text cannot run as
/// spreadsheet formulas.
///
/// Columns (stable; new ones are only appended):
/// `severity,rule,rule_name,account,principal,policy,policy_kind,sid,statement_index,message,fix,documentation`.
public enum LintCSVFormatter {
    public static let header = [
        "severity", "rule", "rule_name", "account", "principal", "policy", "policy_kind", "sid", "statement_index",
        "message", "fix", "documentation",
    ]

    public static func format(_ report: LintReport) -> String {
        var writer = CSVWriter(header: header)
        for finding in report.findings {
            writer.append([
                finding.severity.name, finding.ruleID, finding.ruleName, finding.account, finding.principal,
                finding.policy,
                finding.policyKind, finding.sid ?? "", String(finding.statementIndex), finding.message, finding.fix,
                finding.documentation,
            ])
        }
        return writer.text
    }
}
