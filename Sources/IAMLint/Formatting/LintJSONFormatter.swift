import Foundation

/// JSON in a documented, versioned shape (README, "lint JSON output"):
///
/// ```json
/// {
///   "schemaVersion": 1,
///   "policiesExamined": 12,
///   "summary": {"critical": 1, "high": 0, "medium": 2, "low": 0, "info": 1, "total": 4},
///   "findings": [
///     {"rule": "RC003", "ruleName": "trust-open-to-everyone", "severity": "critical",
///      "account": "111111111111", "principal": "arn:aws:iam::111111111111:role/Open",
///      "policy": "trust policy", "policyKind": "trust", "sid": null, "statementIndex": 0,
///      "message": "…", "fix": "…", "documentation": "https://docs.aws.amazon.com/…"}
///   ],
///   "notes": []
/// }
/// ```
///
/// Dedicated `Encodable` types keep the shape independent of the library's
/// own; keys are sorted and `sid` is `null` (never missing) when a
/// statement has none, so consumers can rely on every key being present.
public enum LintJSONFormatter {
    public static let schemaVersion = 1

    struct Finding: Encodable {
        var rule: String
        var ruleName: String
        var severity: String
        var account: String
        var principal: String
        var policy: String
        var policyKind: String
        var sid: String?
        var statementIndex: Int
        var message: String
        var fix: String
        var documentation: String

        enum CodingKeys: String, CodingKey {
            case rule, ruleName, severity, account, principal, policy, policyKind, sid, statementIndex, message, fix
            case documentation
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rule, forKey: .rule)
            try container.encode(ruleName, forKey: .ruleName)
            try container.encode(severity, forKey: .severity)
            try container.encode(account, forKey: .account)
            try container.encode(principal, forKey: .principal)
            try container.encode(policy, forKey: .policy)
            try container.encode(policyKind, forKey: .policyKind)
            try container.encode(sid, forKey: .sid)
            try container.encode(statementIndex, forKey: .statementIndex)
            try container.encode(message, forKey: .message)
            try container.encode(fix, forKey: .fix)
            try container.encode(documentation, forKey: .documentation)
        }
    }

    struct Body: Encodable {
        var schemaVersion: Int
        var policiesExamined: Int
        var summary: [String: Int]
        var findings: [Finding]
        var notes: [String]
    }

    public static func format(_ report: LintReport) -> String {
        var summary = Dictionary(uniqueKeysWithValues: report.countsBySeverity.map { ($0.severity.name, $0.count) })
        summary["total"] = report.findings.count
        let findings = report.findings.map { finding in
            Finding(
                rule: finding.ruleID,
                ruleName: finding.ruleName,
                severity: finding.severity.name,
                account: finding.account,
                principal: finding.principal,
                policy: finding.policy,
                policyKind: finding.policyKind,
                sid: finding.sid,
                statementIndex: finding.statementIndex,
                message: finding.message,
                fix: finding.fix,
                documentation: finding.documentation
            )
        }
        let body = Body(
            schemaVersion: schemaVersion,
            policiesExamined: report.policyCount,
            summary: summary,
            findings: findings,
            notes: report.notes
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(body) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
