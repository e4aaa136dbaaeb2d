import Foundation
import IAMGraph
import IAMStore
import RoleChainTestSupport
import Testing

@testable import IAMLint

/// Lint over an imported store: what each finding says about where the
/// policy lives, which accounts count as known, and the seed fixtures.
@Suite struct StoreLintTests {
    static let a = "111111111111"

    func lint(_ scenario: Scenario) throws -> LintReport {
        try Linter.lint(store: scenario.store)
    }

    // MARK: Seed fixture: cross-account

    /// Loads files from `<root>/../shared/fixtures/seed/cross-account`.
    func crossAccountStore(_ files: [String]) throws -> RoleChainStore {
        let folder = PackageLocations.seedFixtures.appendingPathComponent("cross-account")
        try #require(
            FileManager.default.fileExists(atPath: folder.path),
            "seed fixtures not found at \(folder.path) (CI copies shared/ beside the clone as ../shared)"
        )
        let store = try RoleChainStore.inMemory()
        _ = try Importer(store: store).importPaths(files.map { folder.appendingPathComponent($0).path })
        return store
    }

    @Test func roleBTrustIsExternalWhenOnlyItsAccountIsImported() throws {
        let report = try Linter.lint(store: try crossAccountStore(["222222222222.json"]))
        let finding = try #require(report.findings.first { $0.ruleID == "RC004" })
        #expect(finding.principal == "arn:aws:iam::222222222222:role/Role_B")
        #expect(finding.account == "222222222222")
        #expect(finding.policy == "trust policy")
        #expect(finding.message.contains("111111111111"))
    }

    @Test func roleBTrustIsKnownWhenBothAccountsAreImported() throws {
        let report = try Linter.lint(store: try crossAccountStore(["111111111111.json", "222222222222.json"]))
        #expect(!report.findings.contains { $0.ruleID == "RC004" })
        // Role_A's trust names its own account: explained, not alarmed.
        #expect(report.findings.map(\.ruleID) == ["RC014"])
    }

    // MARK: Known accounts

    @Test func organizationMembersAreKnownAccounts() throws {
        var account = AccountBuilder(Self.a)
        account.role("Shared", trust: Policies.trustAWS("arn:aws:iam::333333333333:role/Deployer"))
        #expect(try lint(Scenario([account])).findings.map(\.ruleID) == ["RC004"])

        var organization = OrganizationBuilder(management: "999999999999")
        organization.account(Self.a)
        organization.account("333333333333")
        let withOrganization = try lint(Scenario([account], organization: organization))
        #expect(!withOrganization.findings.contains { $0.ruleID == "RC004" })
    }

    // MARK: Where findings point

    @Test func findingsNameAccountPrincipalAndPolicy() throws {
        var account = AccountBuilder(Self.a)
        let user = account.user("alice", inline: [Policies.allow("sts:AssumeRole", on: "*")])
        let managed = account.managedPolicy("AssumeAnything", Policies.allow("sts:*", on: "*"))
        account.role("Holder", trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#), attached: [managed])
        let report = try lint(Scenario([account]))
        let findings = report.findings.filter { $0.ruleID == "RC013" }
        #expect(findings.count == 2)
        let inline = try #require(findings.first { $0.policyKind == "inline" })
        #expect(inline.principal == user)
        #expect(inline.policy == "aliceInline0")
        #expect(inline.account == Self.a)
        let attached = try #require(findings.first { $0.policyKind == "managed" })
        #expect(attached.principal == "")
        #expect(attached.policy == managed)
        #expect(attached.account == Self.a)
    }

    @Test func awsManagedPoliciesAreNotLinted() throws {
        var account = AccountBuilder(Self.a)
        let awsManaged = account.managedPolicy(
            "PowerUserAccess",
            versions: [(Policies.allow("sts:AssumeRole", on: "*"), true)],
            arn: "arn:aws:iam::aws:policy/PowerUserAccess"
        )
        account.role("Holder", trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#), attached: [awsManaged])
        #expect(try lint(Scenario([account])).findings.isEmpty)
    }

    @Test func bucketPolicyFindingsCarryTheBucketAndItsOwner() throws {
        let policy = #"""
            {"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:role/A"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}
            """#
        let report = try lint(
            Scenario([AccountBuilder(Self.a)], buckets: ["example-bucket": (owner: Self.a, policy: policy)])
        )
        let finding = try #require(report.findings.first { $0.ruleID == "RC008" })
        #expect(finding.principal == "example-bucket")
        #expect(finding.policy == "bucket policy")
        #expect(finding.account == Self.a)
        #expect(finding.statementLabel == "Sid Everyone")
    }

    // MARK: Deleted principals (R2.5)

    @Test func trustNamingADeletedRoleIdIsFlaggedAndALiveOneIsNot() throws {
        var account = AccountBuilder(Self.a)
        account.role(
            "Live",
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            roleID: "AROALIVEROLE00000001"
        )
        account.role("Target", trust: Policies.trustAWS("AROADELETEDROLE00001", "AROALIVEROLE00000001"))
        let finding = try #require(try lint(Scenario([account])).findings.first { $0.ruleID == "RC011" })
        #expect(finding.message.contains("AROADELETEDROLE00001"))
        #expect(!finding.message.contains("AROALIVEROLE00000001"))
    }

    // MARK: Ordering and filtering

    @Test func mostSevereFirstAndFilteringKeepsCounts() throws {
        var account = AccountBuilder(Self.a)
        account.role("Open", trust: Policies.trust(#""*""#))
        account.role("Own", trust: Policies.trustAWS(Self.a))
        let report = try lint(Scenario([account]))
        #expect(report.findings.map(\.severity) == [.critical, .info])
        #expect(report.count(atOrAbove: .medium) == 1)
        let filtered = report.filtered(minimum: .low)
        #expect(filtered.findings.map(\.ruleID) == ["RC003"])
        #expect(filtered.policyCount == report.policyCount)
    }
}
