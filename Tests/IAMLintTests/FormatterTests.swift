import Foundation
import IAMPolicy
import Testing

@testable import IAMLint

/// The three output formats, the severity scale and the rule catalog.
@Suite struct FormatterTests {
    static let rule = RuleDescriptor(
        id: "RC999",
        name: "test-rule",
        severity: .high,
        summary: "s",
        fix: "Do the thing.",
        documentation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/example.html"
    )

    static func finding(
        sid: String?,
        principal: String = "arn:aws:iam::111111111111:role/A",
        message: String = "Bad, \"very\" bad."
    )
        -> LintFinding
    {
        LintFinding(
            rule: rule,
            account: "111111111111",
            principal: principal,
            policy: "trust policy",
            policyKind: "trust",
            sid: sid,
            statementIndex: 2,
            message: message
        )
    }

    static let report = LintReport(
        findings: [
            finding(sid: "=HYPERLINK(\"http://x\")"),
            finding(sid: nil, principal: "arn:aws:iam::111111111111:role/LongerName"),
        ],
        policyCount: 3,
        notes: ["something to know"]
    )

    // MARK: Table

    @Test func tableColumnsAreAligned() {
        let lines = LintTableFormatter.format(Self.report).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init
        )
        let header = lines[0]
        let messageColumn = header.range(of: "MESSAGE")?.lowerBound.utf16Offset(in: header)
        #expect(messageColumn != nil)
        for row in lines[1...2] {
            #expect(row.range(of: "Bad,").map { $0.lowerBound.utf16Offset(in: row) } == messageColumn)
        }
        #expect(lines.contains("How to fix:"))
        #expect(lines.contains("  RC999 test-rule: Do the thing."))
        #expect(lines.contains("2 findings in 3 policies: 2 high"))
        #expect(lines.contains("note: something to know"))
        #expect(!lines.contains { $0.hasSuffix(" ") })
    }

    @Test func emptyTableSaysSo() {
        let text = LintTableFormatter.format(LintReport(findings: [], policyCount: 0))
        #expect(text == "No findings.\n\n0 findings in 0 policies\n")
    }

    // MARK: CSV

    @Test func csvIsRFC4180AndNeutralisesFormulas() {
        let text = LintCSVFormatter.format(Self.report)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == LintCSVFormatter.header.joined(separator: ","))
        #expect(lines[1].contains(#""'=HYPERLINK(""http://x"")""#))
        #expect(lines[1].contains(#""Bad, ""very"" bad.""#))
        #expect(lines[2].contains(",trust,,2,"))
        #expect(text.hasSuffix("\r\n"))
    }

    // MARK: JSON

    @Test func jsonHasTheDocumentedShape() throws {
        let json = try JSONParser.parse(LintJSONFormatter.format(Self.report))
        guard case .object(let top) = json else {
            Issue.record("not an object")
            return
        }
        #expect(Set(top.keys) == ["schemaVersion", "policiesExamined", "summary", "findings", "notes"])
        #expect(json["schemaVersion"]?.scalarText == "1")
        #expect(json["policiesExamined"]?.scalarText == "3")
        #expect(json["summary"]?["high"]?.scalarText == "2")
        #expect(json["summary"]?["critical"]?.scalarText == "0")
        #expect(json["summary"]?["total"]?.scalarText == "2")
        guard case .array(let findings) = json["findings"] ?? .null, case .object(let first) = findings.first ?? .null
        else {
            Issue.record("no findings")
            return
        }
        #expect(
            Set(first.keys) == [
                "rule", "ruleName", "severity", "account", "principal", "policy", "policyKind", "sid", "statementIndex",
                "message", "fix", "documentation",
            ]
        )
        #expect(findings[1]["sid"] == .null)
        #expect(first["statementIndex"]?.scalarText == "2")
    }

    // MARK: Severity and catalog

    @Test func severitiesParseAndOrder() {
        #expect(Severity(name: "HIGH") == .high)
        #expect(Severity(name: "severe") == nil)
        #expect(Severity.allCases.map(\.name) == ["info", "low", "medium", "high", "critical"])
        #expect(Severity.critical > Severity.high)
        #expect(Severity.low > Severity.info)
    }

    @Test func catalogIdsAreUniqueAndDocumented() {
        let catalog = Linter.catalog
        #expect(catalog.map(\.id) == (1...14).map { String(format: "RC%03d", $0) })
        #expect(Set(catalog.map(\.name)).count == catalog.count)
        for rule in catalog {
            #expect(rule.documentation.hasPrefix("https://"))
            #expect(!rule.fix.isEmpty && !rule.summary.isEmpty)
        }
    }
}
