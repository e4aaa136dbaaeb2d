import IAMGraph
import IAMPolicy
import RoleChainTestSupport
import Testing

/// semantics.md §9 checklist: services and identity providers (17–20),
/// type mismatches (52), paths (53), partitions (54), session tags (55),
/// policy grammar (56). The lint halves of 19 (wrong federated action), 20
/// (GitHub trust without `sub`) and 52 (type mismatch) are IAMLint rules,
/// tested in IAMLintTests; here only the graph side is pinned.
@Suite struct ChecklistEntryAndParsingTests {
    let roleA = Fixture.role(Fixture.a, "RoleA")
    let target = Fixture.role(Fixture.a, "Target")
    static let github = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
    static let saml = "arn:aws:iam::111111111111:saml-provider/Okta"

    func scenario(trust: String, instanceProfile: Bool = false) throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        account.role("RoleA", trust: Fixture.unusedTrust)
        account.role("Target", trust: trust, instanceProfile: instanceProfile)
        return try Scenario([account])
    }

    @Test func item17_ec2ServiceTrustGivesAnEdgeFromEC2() throws {
        let ec2 = try scenario(trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#), instanceProfile: true)
        #expect(try ec2.edge("ec2.amazonaws.com", target)?.isConditional == false)
        let named = try scenario(trust: Policies.trustAWS(roleA), instanceProfile: true)
        #expect(try named.edge("ec2.amazonaws.com", target) == nil)
    }

    @Test func item18_lambdaTrustLimitedBySourceAccountIsConditional() throws {
        let scenario = try scenario(
            trust: Policies.trust(
                #"{"Service": "lambda.amazonaws.com"}"#,
                condition: #"{"StringEquals": {"aws:SourceAccount": "333333333333"}}"#
            )
        )
        let edge = try #require(try scenario.edge("lambda.amazonaws.com", target))
        #expect(edge.caveats.contains { $0.keys == ["aws:SourceAccount"] && $0.condition.contains("333333333333") })
    }

    @Test func item19_samlTrustWithTheWrongActionGivesNoEdge() throws {
        let wrong = try scenario(trust: Policies.trust(#"{"Federated": "\#(Self.saml)"}"#, action: "sts:AssumeRole"))
        #expect(try wrong.edge(Self.saml, target) == nil)
        let right = try scenario(
            trust: Policies.trust(#"{"Federated": "\#(Self.saml)"}"#, action: "sts:AssumeRoleWithSAML")
        )
        #expect(try right.edge(Self.saml, target) != nil)
    }

    func githubTrust(_ conditions: String) throws -> Scenario {
        try scenario(
            trust: Policies.trust(
                #"{"Federated": "\#(Self.github)"}"#,
                action: "sts:AssumeRoleWithWebIdentity",
                condition: conditions
            )
        )
    }

    @Test func item20_githubTrustWithoutSubIsOpenToAnyWorkflow() throws {
        let audOnly = try githubTrust(
            #"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}"#
        )
        let edge = try #require(try audOnly.edge(Self.github, target))
        #expect(edge.caveats.keys == ["token.actions.githubusercontent.com:aud"])
        // With a sub condition the edge also depends on the subject.
        let withSub = try githubTrust(
            #"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/app:*"}}"#
        )
        #expect(
            try withSub.edge(Self.github, target)?.caveats.keys.contains("token.actions.githubusercontent.com:sub")
                == true
        )
    }

    @Test func item52_numericOperatorOnRequestedRegionIsUnknown() throws {
        // 8b / R7.3: a type mismatch is unknown; in the only Allow it gives a labelled edge.
        let mismatch = #"{"NumericLessThan": {"aws:RequestedRegion": "3600"}}"#
        let edge = try #require(try scenario(trust: Policies.trustAWS(roleA, condition: mismatch)).edge(roleA, target))
        #expect(edge.caveats.keys(of: .allowedIf) == ["aws:RequestedRegion"])
    }

    @Test func item53_rolePathIsNotPartOfSessionArns() throws {
        func scenario(trusting principal: String) throws -> Scenario {
            var account = AccountBuilder(Fixture.a)
            account.role("RoleA", path: "/team/", trust: Fixture.unusedTrust)
            account.role("Target", trust: Policies.trustAWS(principal))
            return try Scenario([account])
        }
        let teamRole = Fixture.role(Fixture.a, "RoleA", path: "/team/")
        #expect(try scenario(trusting: teamRole).edge(teamRole, target)?.isConditional == false)
        let session = try scenario(trusting: "arn:aws:sts::111111111111:assumed-role/RoleA/x")
        #expect(try session.edge(teamRole, target)?.caveats.contains { $0.condition.contains("\"x\"") } == true)
        // R2.12: a session ARN with the path can never match; it is flagged.
        let withPath = try scenario(trusting: "arn:aws:sts::111111111111:assumed-role/team/RoleA/x")
        #expect(try withPath.edge(teamRole, target) == nil)
        #expect(try withPath.findings().contains("unknown-principal"))
    }

    @Test func item54_noEdgeAcrossPartitions() throws {
        func edge(targetPartition: String) throws -> Scenario.Edge? {
            var accountA = AccountBuilder(Fixture.a)
            accountA.role("RoleA", trust: Fixture.unusedTrust, inline: [Fixture.allowAssumeAny])
            var accountB = AccountBuilder(Fixture.b)
            accountB.partition = targetPartition
            let b = accountB.role("B", trust: Policies.trustAWS(roleA))
            return try Scenario([accountA, accountB]).edge(roleA, b)
        }
        #expect(try edge(targetPartition: "aws") != nil)
        #expect(try edge(targetPartition: "aws-cn") == nil)  // R2.10
    }

    @Test func item55_samlTrustWithoutTagSessionKeepsTheEdge() throws {
        // R5.10: the edge stays (the IdP may send no tags); see item55b for the label.
        let withoutTagSession = try scenario(
            trust: Policies.trust(#"{"Federated": "\#(Self.saml)"}"#, action: "sts:AssumeRoleWithSAML")
        )
        #expect(try withoutTagSession.edge(Self.saml, target) != nil)
    }

    @Test
    func item55b_samlTrustWithoutTagSessionIsAnnotated() throws {
        let without = try scenario(
            trust: Policies.trust(#"{"Federated": "\#(Self.saml)"}"#, action: "sts:AssumeRoleWithSAML")
        )
        // A note, not a condition: most identity providers send no tags.
        let edge = try #require(try without.edge(Self.saml, target))
        #expect(edge.notes.contains { $0.contains("sts:TagSession") })
        #expect(!edge.isConditional)
        let with = try scenario(
            trust: Policies.statementDocument(
                #""Principal": {"Federated": "\#(Self.saml)"}, "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"]"#,
                effect: "Allow"
            )
        )
        #expect(try with.edge(Self.saml, target)?.caveats.isEmpty == true)
        #expect(try with.edge(Self.saml, target)?.notes.isEmpty == true)
    }

    @Test func item56_singleValuesAndListsParseTheSame() throws {
        let compact =
            #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "\#(roleA)"}, "Action": "sts:AssumeRole"}}"#
        let listed =
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["\#(roleA)"]}, "Action": ["sts:AssumeRole"]}]}"#
        let compactEdges = try scenario(trust: compact).edges()
        #expect(compactEdges.contains { $0.source == roleA && $0.target == target })
        #expect(compactEdges == (try scenario(trust: listed).edges()))
        // Nearest setup that must differ: the list names another role.
        let other = listed.replacingOccurrences(of: "role/RoleA", with: "role/RoleX")
        #expect(compactEdges != (try scenario(trust: other).edges()))
    }
}
