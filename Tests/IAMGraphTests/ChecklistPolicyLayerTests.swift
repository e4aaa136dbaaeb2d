import Foundation
import IAMGraph
import IAMPolicy
import IAMStore
import RoleChainTestSupport
import Testing

/// semantics.md §9 checklist: bucket-policy denies (38–41), policy versions
/// and variables (42, 43), snapshot completeness and encoding (44–46),
/// layers the snapshot cannot see (50, 51).
@Suite struct ChecklistPolicyLayerTests {
    let roleA = Fixture.role(Fixture.a, "RoleA")
    let roleX = Fixture.role(Fixture.a, "RoleX")
    let userU = Fixture.user(Fixture.a, "U")

    /// RoleA, RoleX and U of 111 may all read objects; the bucket (in 111) has `bucketPolicy`.
    func scenario(bucketPolicy: String?, roleABoundary: String? = nil) throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        let boundary = roleABoundary.map { account.managedPolicy("Boundary", $0) }
        account.role("RoleA", trust: Fixture.unusedTrust, inline: [Fixture.allowGetObjects], boundary: boundary)
        account.role("RoleX", trust: Fixture.unusedTrust, inline: [Fixture.allowGetObjects])
        account.user("U", inline: [Fixture.allowGetObjects])
        return try Scenario([account], buckets: [Fixture.bucket: (Fixture.a, bucketPolicy)])
    }

    static func deny(_ principalPart: String, condition: String? = nil) -> String {
        let conditionPart = condition.map { #", "Condition": \#($0)"# } ?? ""
        return Policies.document(
            #"{"Effect": "Deny", \#(principalPart), "Action": "s3:*", "Resource": "arn:aws:s3:::example-bucket/*"\#(conditionPart)}"#
        )
    }

    @Test func item38_vpceDenyLabelsEveryAnswerAndRemovesNone() throws {
        let policy = Self.deny(#""Principal": "*""#, condition: #"{"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}"#)
        let answers = try scenario(bucketPolicy: policy).reach(Fixture.bucket).answers
        // The owner's root user reaches its own bucket too (R3.1), under the same label.
        #expect(Set(answers.map(\.principal)) == [roleA, roleX, userU, Fixture.root(Fixture.a)])
        #expect(answers.allSatisfy { $0.caveats.keys(of: .mayBeDeniedIf) == ["aws:SourceVpce"] })
        #expect(try scenario(bucketPolicy: nil).reach(Fixture.bucket).answers.allSatisfy { $0.caveats.isEmpty })
    }

    @Test func item39_principalArnDenyRemovesEveryoneButRoleA() throws {
        let policy = Self.deny(#""Principal": "*""#, condition: #"{"ArnNotEquals": {"aws:PrincipalArn": "\#(roleA)"}}"#)
        let reachers = try scenario(bucketPolicy: policy).reachers()
        #expect(reachers == [roleA])
        #expect(try scenario(bucketPolicy: policy).reacher(roleA, of: Fixture.bucket)?.caveats.isEmpty == true)
    }

    @Test func item40_notPrincipalDenyAlwaysDeniesACallerWithABoundary() throws {
        let policy = Self.deny(#""NotPrincipal": {"AWS": "\#(roleA)"}"#)
        let withBoundary = try scenario(bucketPolicy: policy, roleABoundary: Fixture.boundaryAllowingAll)
        #expect(try !withBoundary.reachers().contains(roleA))  // R2.6 quirk
        let without = try scenario(bucketPolicy: policy)
        #expect(try without.reachers() == [roleA])
    }

    @Test func item41_orgIdDenyWithoutServiceExemptionDeniesServices() throws {
        func policy(exemptServices: Bool) -> String {
            let exemption = exemptServices ? #", "Bool": {"aws:PrincipalIsAWSService": "false"}"# : ""
            return Policies.document(
                Fixture.statement(
                    "Allow",
                    principal: #"{"Service": "logging.s3.amazonaws.com"}"#,
                    action: "s3:GetObject",
                    resource: "arn:aws:s3:::example-bucket/*"
                ),
                Fixture.statement(
                    "Deny",
                    principal: #""*""#,
                    action: "s3:*",
                    resource: "arn:aws:s3:::example-bucket/*",
                    condition: #"{"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}\#(exemption)}"#
                )
            )
        }
        // The key is absent for service principals, so StringNotEquals is true (R2.11, R7.1).
        #expect(
            try !scenario(bucketPolicy: policy(exemptServices: false)).reachers().contains("logging.s3.amazonaws.com")
        )
        #expect(
            try scenario(bucketPolicy: policy(exemptServices: true)).reachers().contains("logging.s3.amazonaws.com")
        )
        // Without org data the key is unknown for IAM identities: labelled, not removed.
        let role = try #require(
            try scenario(bucketPolicy: policy(exemptServices: false)).reacher(roleA, of: Fixture.bucket)
        )
        #expect(role.caveats.keys(of: .mayBeDeniedIf) == ["aws:PrincipalOrgID"])
    }

    @Test(arguments: [#""Version": "2008-10-17", "#, ""])
    func item42_variablesAreLiteralOutsideVersion2012(versionPart: String) throws {
        func scenario(_ header: String) throws -> Scenario {
            var account = AccountBuilder(Fixture.a)
            let policy =
                #"{\#(header)"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/${aws:username}/*"}]}"#
            account.user("alice", inline: [policy])
            return try Scenario([account], buckets: [Fixture.bucket: (Fixture.a, nil)])
        }
        let alice = Fixture.user(Fixture.a, "alice")
        let old = try scenario(versionPart)
        #expect(try !old.reachers(key: "alice/report.csv").contains(alice))
        #expect(try old.reachers(key: "${aws:username}/report.csv").contains(alice))
        let current = try scenario(#""Version": "2012-10-17", "#)
        #expect(try current.reachers(key: "alice/report.csv").contains(alice))
        #expect(try !current.reachers(key: "bob/report.csv").contains(alice))
    }

    @Test func item43_onlyTheDefaultPolicyVersionIsInForce() throws {
        func scenario(s3VersionIsDefault: Bool) throws -> Scenario {
            var account = AccountBuilder(Fixture.a)
            let policy = account.managedPolicy(
                "Versioned",
                versions: [
                    (Policies.allow("ec2:Describe*", on: "*"), !s3VersionIsDefault),
                    (Policies.allow("s3:*", on: "*"), s3VersionIsDefault),
                ]
            )
            account.role("RoleA", trust: Fixture.unusedTrust, attached: [policy])
            return try Scenario([account], buckets: [Fixture.bucket: (Fixture.a, nil)])
        }
        #expect(try !scenario(s3VersionIsDefault: false).reachers().contains(roleA))
        #expect(try scenario(s3VersionIsDefault: true).reachers().contains(roleA))
    }

    func unknownPolicyScenario(listed: Bool) throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        let readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        if listed {
            account.managedPolicy(
                "ReadOnlyAccess",
                versions: [(Policies.allow("s3:Get*", on: "*"), true)],
                arn: readOnly
            )
        }
        account.role("RoleA", trust: Fixture.unusedTrust, attached: [readOnly])
        account.role("RoleB", trust: Policies.trustAWS(Fixture.a))
        return try Scenario([account], buckets: [Fixture.bucket: (Fixture.a, nil)])
    }

    /// R1.8 (ambiguous which AWS managed policies a snapshot lists): a missing
    /// attached policy "may allow anything" — conditional edges and answers.
    @Test func item44_missingManagedPolicyMayAllowAnything() throws {
        let missing = try unknownPolicyScenario(listed: false)
        let edge = try #require(try missing.edge(roleA, Fixture.role(Fixture.a, "RoleB")))
        #expect(edge.caveats.contains { $0.condition.contains("ReadOnlyAccess") })
        #expect(
            try missing.reacher(roleA, of: Fixture.bucket)?.caveats.contains { $0.condition.contains("ReadOnlyAccess") }
                == true
        )
        #expect(try missing.findings().contains("unknown-policy"))
        // Listed, the policy is known: no sts grant, no finding; s3 read certain.
        let listed = try unknownPolicyScenario(listed: true)
        #expect(try listed.edge(roleA, Fixture.role(Fixture.a, "RoleB")) == nil)
        #expect(try listed.reacher(roleA, of: Fixture.bucket)?.caveats.isEmpty == true)
        #expect(try !listed.findings().contains("unknown-policy"))
    }

    @Test func item44b_missingBoundaryRestrictsNothing() throws {
        var account = AccountBuilder(Fixture.a)
        account.role("RoleA", trust: Fixture.unusedTrust, boundary: "arn:aws:iam::111111111111:policy/NotInSnapshot")
        account.role("RoleB", trust: Policies.trustAWS(roleA))
        let scenario = try Scenario([account])
        #expect(try scenario.edge(roleA, Fixture.role(Fixture.a, "RoleB"))?.isConditional == false)
        #expect(try scenario.findingMessages().contains { $0.contains("NotInSnapshot") })
    }

    @Test func item45_truncatedSnapshotIsReported() throws {
        var truncated = AccountBuilder(Fixture.a)
        truncated.role("RoleA", trust: Fixture.unusedTrust)
        truncated.isTruncated = true
        #expect(try Scenario([truncated]).findings().contains("truncated-snapshot"))
        var complete = AccountBuilder(Fixture.a)
        complete.role("RoleA", trust: Fixture.unusedTrust)
        #expect(try !Scenario([complete]).findings().contains("truncated-snapshot"))
    }

    /// Every policy document as the API's URL-encoded string; `+` kept literal (R1.6).
    static func urlEncodingDocuments(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members {
                if ["AssumeRolePolicyDocument", "PolicyDocument", "Document"].contains(key), case .object = member {
                    let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "+"))
                    result[key] = .string(member.serialized.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
                } else {
                    result[key] = urlEncodingDocuments(member)
                }
            }
            return .object(result)
        case .array(let items): return .array(items.map(urlEncodingDocuments))
        default: return value
        }
    }

    @Test func item46_urlEncodedDocumentsGiveTheSameGraph() throws {
        var account = AccountBuilder(Fixture.a)
        account.user("U", inline: [Policies.allow("sts:AssumeRole", on: "*")])
        account.managedPolicy("Reader", Fixture.allowGetObjects)
        account.role(
            "RoleA",
            trust: Policies.trustAWS(Fixture.a, condition: #"{"StringEquals": {"sts:ExternalId": "a+b c"}}"#)
        )
        account.role("RoleB", trust: Policies.trustAWS(roleA), attached: [account.arn("policy/Reader")])
        let plain = try Scenario([account])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rolechain-encoded-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.urlEncodingDocuments(account.json).serialized.utf8).write(
            to: folder.appendingPathComponent("111111111111.json")
        )
        let store = try RoleChainStore.inMemory()
        _ = try Importer(store: store).importPaths([folder.path])
        func describe(_ chains: [Chain]) -> [String] {
            chains.map { "\($0.source?.arn ?? "") -> \($0.target?.arn ?? "") \($0.caveats.map(\.description))" }
        }
        let encoded = describe(try ChainQueries(store: store).allChains(options: .init(maxHops: 1)))
        let expected = describe(try ChainQueries(store: plain.store).allChains(options: .init(maxHops: 1)))
        #expect(expected.count == 2)
        #expect(expected.contains { $0.contains("a+b c") })  // '+' is not a space
        #expect(encoded == expected)
    }

    @Test func item50_publicPolicyNamesBlockPublicAccessAsUnmodelled() throws {
        let report = try scenario(bucketPolicy: Fixture.bucketPolicy(principal: #""*""#)).reach(Fixture.bucket)
        #expect(report.answers.contains { $0.principal == "*" })
        #expect(report.warnings.contains { $0.contains("Block Public Access") })
    }

    @Test func item51_kmsKeyPoliciesAreNamedAsUnmodelled() throws {
        let report = try scenario(bucketPolicy: nil).reach(Fixture.bucket)
        #expect(report.warnings.contains { $0.contains("KMS key policies") })
    }
}
