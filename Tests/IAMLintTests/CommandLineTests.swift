import Foundation
import IAMPolicy
import RoleChainTestSupport
import Testing

/// `rolechain lint` run as a user runs it: the real binary, a snapshot file
/// in the AWS CLI's shape, a database on disk, exit codes and all formats.
@Suite struct CommandLineTests {
    static let account = "111111111111"

    /// §8b as people write it: a trust "limiting the session to an hour".
    static let sessionCapTrust = #"""
        {"Version": "2012-10-17", "Statement": [{"Sid": "CapSession", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111111111111:role/Caller"}, "Action": "sts:AssumeRole",
          "Condition": {"NumericLessThan": {"aws:RequestedRegion": "3600"}}}]}
        """#

    /// A snapshot folder and an imported database, both in a fresh temporary folder.
    struct Fixture {
        let binary: URL
        let folder: URL
        var database: String { folder.appendingPathComponent("rolechain.sqlite").path }

        init() throws {
            let binary = try #require(
                PackageLocations.rolechainBinary(),
                "no built rolechain found beside the test bundle or under \(PackageLocations.packageRoot.path)/.build*/debug; run 'swift build' first"
            )
            self.binary = binary
            folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "rolechain-lint-\(UUID().uuidString)"
            )
            let snapshots = folder.appendingPathComponent("snapshots")
            try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
            var builder = AccountBuilder(CommandLineTests.account)
            let target = builder.role("SessionCapped", trust: CommandLineTests.sessionCapTrust)
            builder.role(
                "Caller",
                trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
                inline: [Policies.allow("sts:AssumeRole", on: target)]
            )
            try Data(builder.text.utf8).write(to: snapshots.appendingPathComponent("\(CommandLineTests.account).json"))
            let imported = try ProcessResult.run(binary, ["import", "--quiet", "--db", database, snapshots.path])
            #expect(imported.status == 0, "import failed: \(imported.stderr)")
        }

        func lint(_ arguments: [String]) throws -> ProcessResult {
            try ProcessResult.run(binary, ["lint", "--db", database] + arguments)
        }
    }

    @Test func typeMismatchIsReportedAndFailOnMediumExitsOne() throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let result = try fixture.lint(["--format", "json", "--fail-on", "medium"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("at or above medium"))

        let json = try JSONParser.parse(result.stdout)
        guard case .array(let findings) = json["findings"] ?? .null else {
            Issue.record("no findings array in \(result.stdout)")
            return
        }
        let mismatch = try #require(findings.first { $0["rule"]?.scalarText == "RC001" })
        #expect(mismatch["severity"]?.scalarText == "medium")
        #expect(mismatch["account"]?.scalarText == Self.account)
        #expect(mismatch["principal"]?.scalarText == "arn:aws:iam::111111111111:role/SessionCapped")
        #expect(mismatch["policy"]?.scalarText == "trust policy")
        #expect(mismatch["sid"]?.scalarText == "CapSession")
        let message = try #require(mismatch["message"]?.scalarText)
        #expect(message.contains("aws:RequestedRegion"))
        #expect(message.contains("MaxSessionDuration"))
        #expect(mismatch["documentation"]?.scalarText?.hasPrefix("https://docs.aws.amazon.com/") == true)
        #expect(json["schemaVersion"]?.scalarText == "1")
    }

    @Test func thresholdAboveEveryFindingExitsZero() throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let result = try fixture.lint(["--format", "csv", "--fail-on", "critical"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.first?.hasPrefix("severity,rule,rule_name,account,principal,policy") == true)
        #expect(lines.contains { $0.hasPrefix("medium,RC001,condition-type-mismatch,111111111111,") })
    }

    @Test func tableHonoursMinSeverityAndOutputFile() throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let table = try fixture.lint([])
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("SEVERITY  RULE"))
        #expect(table.stdout.contains("RC001"))
        #expect(table.stdout.contains("How to fix:"))

        let report = fixture.folder.appendingPathComponent("report.txt")
        let quiet = try fixture.lint(["--min-severity", "high", "--output", report.path])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty)
        #expect(try String(contentsOf: report, encoding: .utf8).hasPrefix("No findings."))
    }

    @Test func unknownSeverityIsAUsageError() throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        let result = try fixture.lint(["--fail-on", "severe"])
        #expect(result.status == 64)
    }
}
