import IAMGraph
import IAMPolicy
import RoleChainTestSupport
import Testing

/// Conditions the snapshot cannot decide (R7.1) label edges and answers
/// instead of deciding them (R7.2): an open Allow is `allowed-if` its keys,
/// an open Deny `may-be-denied-if`; a chain carries the union of its hops'.
@Suite struct ConditionLabelTests {
    let roleA = Fixture.role(Fixture.a, "RoleA")
    let roleB = Fixture.role(Fixture.a, "RoleB")

    func edge(trustCondition condition: String?, effect: String = "Allow") throws -> Scenario.Edge? {
        var account = AccountBuilder(Fixture.a)
        account.role("RoleA", trust: Fixture.unusedTrust)
        let trust: String
        if effect == "Allow" {
            trust = Policies.trustAWS(roleA, condition: condition)
        } else {
            // An unconditional grant plus a Deny carrying the condition.
            trust = Policies.document(
                #"{"Effect": "Allow", "Principal": {"AWS": "\#(roleA)"}, "Action": "sts:AssumeRole"}"#,
                #"{"Effect": "Deny", "Principal": {"AWS": "\#(roleA)"}, "Action": "sts:AssumeRole", "Condition": \#(condition ?? "{}")}"#
            )
        }
        account.role("RoleB", trust: trust)
        return try Scenario([account]).edge(roleA, roleB)
    }

    @Test(arguments: [
        (#"{"StringEquals": {"sts:ExternalId": "x-1"}}"#, "sts:ExternalId"),
        (#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#, "aws:MultiFactorAuthPresent"),
        (#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, "aws:SourceIp"),
        (#"{"StringEquals": {"aws:SourceVpce": "vpce-1"}}"#, "aws:SourceVpce"),
    ])
    func openAllowConditionLabelsTheEdgeWithItsKey(condition: String, key: String) throws {
        let labelled = try #require(try edge(trustCondition: condition))
        #expect(labelled.caveats.keys(of: .allowedIf) == [key])
        #expect(labelled.caveats.allSatisfy { $0.condition.contains(key) })
        // Nearest setup that must not: the same trust without the condition.
        #expect(try edge(trustCondition: nil)?.isConditional == false)
    }

    @Test func decidableConditionIsDecidedNotLabelled() throws {
        // R7.1: aws:PrincipalArn is known from the snapshot.
        let matching = #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/Role*"}}"#
        #expect(try edge(trustCondition: matching)?.isConditional == false)
        let failing = #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/ops-*"}}"#
        #expect(try edge(trustCondition: failing) == nil)
    }

    @Test func openDenyConditionLabelsTheEdgeMayBeDenied() throws {
        let kept = try #require(
            try edge(trustCondition: #"{"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#, effect: "Deny")
        )
        #expect(kept.caveats.keys(of: .mayBeDeniedIf) == ["aws:MultiFactorAuthPresent"])
        // A Deny whose condition certainly holds removes the edge.
        let certain = #"{"StringEquals": {"aws:PrincipalAccount": "111111111111"}}"#
        #expect(try edge(trustCondition: certain, effect: "Deny") == nil)
    }

    /// R7.3 (ambiguous): a type-mismatched operator is unknown in both
    /// directions — an Allow keeps a labelled edge, a Deny does not remove it.
    @Test func typeMismatchedConditionIsUnknownBothWays() throws {
        let mismatch = #"{"NumericLessThan": {"aws:PrincipalArn": "3600"}}"#
        let allow = try #require(try edge(trustCondition: mismatch))
        #expect(allow.caveats.keys(of: .allowedIf) == ["aws:PrincipalArn"])
        let deny = try #require(try edge(trustCondition: mismatch, effect: "Deny"))
        #expect(deny.caveats.keys(of: .mayBeDeniedIf) == ["aws:PrincipalArn"])
    }

    // MARK: - Bucket answers and chains

    static let vpceDeny = Fixture.statement(
        "Deny",
        principal: #""*""#,
        action: "s3:*",
        resource: "arn:aws:s3:::example-bucket/*",
        condition: #"{"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}"#
    )

    /// U →(ExternalId) RoleA →(MFA) RoleB; RoleB reads the bucket, whose
    /// policy denies requests from outside vpce-1.
    func chainScenario(vpceDeny: Bool = true) throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        let user = account.user("U")
        account.role(
            "RoleA",
            trust: Policies.trustAWS(user, condition: #"{"StringEquals": {"sts:ExternalId": "x-1"}}"#)
        )
        account.role(
            "RoleB",
            trust: Policies.trustAWS(roleA, condition: #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#),
            inline: [Fixture.allowGetObjects]
        )
        let policy = vpceDeny ? Policies.document(Self.vpceDeny) : nil
        return try Scenario([account], buckets: [Fixture.bucket: (Fixture.a, policy)])
    }

    @Test func bucketDenyOnAnOpenKeyLabelsEveryAnswerAndRemovesNone() throws {
        let scenario = try chainScenario()
        let holder = try #require(try scenario.reacher(roleB, of: Fixture.bucket))
        #expect(holder.caveats.keys(of: .mayBeDeniedIf) == ["aws:SourceVpce"])
        #expect(holder.hops == 0)
        let plain = try #require(try chainScenario(vpceDeny: false).reacher(roleB, of: Fixture.bucket))
        #expect(plain.caveats.isEmpty)
    }

    @Test func chainCaveatsAreTheUnionOfItsHops() throws {
        let scenario = try chainScenario()
        let user = Fixture.user(Fixture.a, "U")
        let answer = try #require(try scenario.reacher(user, of: Fixture.bucket))
        #expect(answer.path == [user, roleA, roleB])
        #expect(answer.caveats.keys == ["sts:ExternalId", "aws:MultiFactorAuthPresent", "aws:SourceVpce"])
        #expect(answer.chain?.caveats.keys == ["sts:ExternalId", "aws:MultiFactorAuthPresent"])
        // One hop shorter, one label fewer.
        let fromA = try #require(try scenario.reacher(roleA, of: Fixture.bucket))
        #expect(fromA.caveats.keys == ["aws:MultiFactorAuthPresent", "aws:SourceVpce"])
    }
}
