import IAMGraph
import IAMPolicy
import RoleChainTestSupport
import Testing

/// Trust policies that name something other than an imported user or role:
/// services (R5.7), identity providers (R5.8) and everyone (R5.9).
@Suite struct EntryPrincipalRuleTests {
    let target = Fixture.role(Fixture.a, "Target")

    func scenario(trust: String) throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        account.role("Target", trust: trust, instanceProfile: true)
        return try Scenario([account])
    }

    // MARK: - R5.7 service principals

    @Test func serviceNamedInTheTrustGetsAnEdge() throws {
        let ec2 = try scenario(trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#))
        #expect(try ec2.edge("ec2.amazonaws.com", target)?.isConditional == false)
        // Nearest setup that must not: another service is named.
        let lambda = try scenario(trust: Policies.trust(#"{"Service": "lambda.amazonaws.com"}"#))
        #expect(try lambda.edge("ec2.amazonaws.com", target) == nil)
        #expect(try lambda.edge("lambda.amazonaws.com", target) != nil)
    }

    @Test func sourceAccountConditionMakesTheServiceEdgeConditional() throws {
        // R5.7: aws:SourceAccount names the account the service acts for, which
        // the snapshot cannot know for a given call → allowed-if.
        let limited = try scenario(
            trust: Policies.trust(
                #"{"Service": "lambda.amazonaws.com"}"#,
                condition: #"{"StringEquals": {"aws:SourceAccount": "333333333333"}}"#
            )
        )
        let edge = try #require(try limited.edge("lambda.amazonaws.com", target))
        #expect(edge.caveats.keys(of: .allowedIf) == ["aws:SourceAccount"])
        let open = try scenario(trust: Policies.trust(#"{"Service": "lambda.amazonaws.com"}"#))
        #expect(try open.edge("lambda.amazonaws.com", target)?.isConditional == false)
    }

    // MARK: - R5.8 federated principals

    static let saml = "arn:aws:iam::111111111111:saml-provider/Okta"
    static let github = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"

    @Test func samlProviderNeedsAssumeRoleWithSAML() throws {
        let right = try scenario(
            trust: Policies.trust(#"{"Federated": "\#(Self.saml)"}"#, action: "sts:AssumeRoleWithSAML")
        )
        #expect(try right.edge(Self.saml, target)?.isConditional == false)
        // R5.8 (inference): the wrong action can never match a real SAML call.
        let wrong = try scenario(trust: Policies.trust(#"{"Federated": "\#(Self.saml)"}"#, action: "sts:AssumeRole"))
        #expect(try wrong.edge(Self.saml, target) == nil)
    }

    @Test func oidcProviderNeedsAssumeRoleWithWebIdentity() throws {
        let condition = #"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}"#
        let right = try scenario(
            trust: Policies.trust(
                #"{"Federated": "\#(Self.github)"}"#,
                action: "sts:AssumeRoleWithWebIdentity",
                condition: condition
            )
        )
        let edge = try #require(try right.edge(Self.github, target))
        #expect(edge.caveats.keys == ["token.actions.githubusercontent.com:aud"])
        let wrong = try scenario(
            trust: Policies.trust(
                #"{"Federated": "\#(Self.github)"}"#,
                action: "sts:AssumeRoleWithSAML",
                condition: condition
            )
        )
        #expect(try wrong.edge(Self.github, target) == nil)
    }

    // MARK: - R5.9 Principal "*"

    func everyoneScenario(otherAccountAllows: Bool) throws -> Scenario {
        var accountA = AccountBuilder(Fixture.a)
        accountA.user("alice")
        accountA.role("Peer", trust: Fixture.unusedTrust)
        accountA.role("Target", trust: Policies.trust(#""*""#))
        var accountB = AccountBuilder(Fixture.b)
        accountB.role(
            "Outsider",
            trust: Fixture.unusedTrust,
            inline: otherAccountAllows ? [Fixture.allowAssumeAny] : []
        )
        return try Scenario([accountA, accountB])
    }

    @Test func everyoneTrustLetsSameAccountIdentitiesInWithoutPolicies() throws {
        let scenario = try everyoneScenario(otherAccountAllows: false)
        #expect(try scenario.edge(Fixture.user(Fixture.a, "alice"), target)?.isConditional == false)
        #expect(try scenario.edge(Fixture.role(Fixture.a, "Peer"), target)?.isConditional == false)
        // Another account's role without an identity Allow: no edge.
        #expect(try scenario.edge(Fixture.role(Fixture.b, "Outsider"), target) == nil)
    }

    @Test func everyoneTrustLetsOtherAccountsInWithTheirIdentityAllow() throws {
        let scenario = try everyoneScenario(otherAccountAllows: true)
        #expect(try scenario.edge(Fixture.role(Fixture.b, "Outsider"), target)?.isConditional == false)
    }

    @Test func everyoneTrustAddsAConditionalAnyPrincipalNode() throws {
        let scenario = try everyoneScenario(otherAccountAllows: false)
        let anyone = try #require(try scenario.edge("*", target))
        #expect(anyone.isConditional)  // their own identity policy must allow (R5.9)
        // Nearest setup that must not: a trust naming one role adds no "*" node.
        let named = try self.scenario(trust: Policies.trustAWS(Fixture.role(Fixture.a, "Peer")))
        #expect(try named.edge("*", target) == nil)
    }
}
