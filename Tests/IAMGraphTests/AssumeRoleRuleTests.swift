import IAMGraph
import IAMPolicy
import RoleChainTestSupport
import Testing

/// `sts:AssumeRole` between IAM identities: semantics.md R5.1–R5.4, with
/// R3.1 (explicit Deny wins) and R3.4 (boundaries) as they apply to roles.
/// Every rule is pinned from both sides: the setup that makes the edge and
/// the nearest setup that must not.
@Suite struct AssumeRoleRuleTests {
    let roleA = Fixture.role(Fixture.a, "RoleA")
    let roleB = Fixture.role(Fixture.a, "RoleB")

    /// Account 111 with RoleA (given policies) and RoleB (given trust).
    func sameAccount(
        trustB: String,
        inlineA: [String] = [],
        boundaryA: String? = nil
    ) throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        let boundary = boundaryA.map { account.managedPolicy("BoundaryA", $0) }
        account.role("RoleA", trust: Fixture.unusedTrust, inline: inlineA, boundary: boundary)
        account.role("RoleB", trust: trustB)
        return try Scenario([account])
    }

    // MARK: - R5.1 the trust policy must always allow

    @Test func identityAllowAloneNeverLetsARoleBeAssumed() throws {
        // R5.1: RoleA may call sts:AssumeRole on anything, but RoleB's trust names RoleX.
        let roleX = Fixture.role(Fixture.a, "RoleX")
        let trustsX = try sameAccount(trustB: Policies.trustAWS(roleX), inlineA: [Fixture.allowAssumeAny])
        #expect(try trustsX.edge(roleA, roleB) == nil)
        // Nearest setup that must: the trust names RoleA.
        let trustsA = try sameAccount(trustB: Policies.trustAWS(roleA), inlineA: [Fixture.allowAssumeAny])
        #expect(try trustsA.edge(roleA, roleB) != nil)
    }

    // MARK: - R5.2 same account, trust names the principal

    @Test func sameAccountTrustNamingTheRoleArnNeedsNoIdentityPolicy() throws {
        let scenario = try sameAccount(trustB: Policies.trustAWS(roleA))
        let edge = try #require(try scenario.edge(roleA, roleB))
        #expect(!edge.isConditional)
        // Nearest setup that must not: the same trust names the account (R5.3).
        let byAccount = try sameAccount(trustB: Policies.trustAWS(Fixture.root(Fixture.a)))
        #expect(try byAccount.edge(roleA, roleB) == nil)
    }

    @Test func sameAccountTrustNamingTheUserArnNeedsNoIdentityPolicy() throws {
        var account = AccountBuilder(Fixture.a)
        let alice = account.user("alice")
        let bob = account.user("bob")
        account.role("RoleB", trust: Policies.trustAWS(alice))
        let scenario = try Scenario([account])
        #expect(try scenario.edge(alice, roleB)?.isConditional == false)
        #expect(try scenario.edge(bob, roleB) == nil)
    }

    @Test func callerBoundaryWithoutAssumeRoleBlocksADirectTrust() throws {
        // R5.2 (b), R3.4: a role ARN grant is limited by the caller's boundary.
        let blocked = try sameAccount(trustB: Policies.trustAWS(roleA), boundaryA: Fixture.boundaryWithoutSTSOrS3)
        #expect(try blocked.edge(roleA, roleB) == nil)
        let allowed = try sameAccount(trustB: Policies.trustAWS(roleA), boundaryA: Fixture.boundaryAllowingAll)
        #expect(try allowed.edge(roleA, roleB)?.isConditional == false)
    }

    /// R5.2 is marked ambiguous: the evaluation page says user-ARN grants ignore
    /// boundaries, the trust-policy page says a user's boundary must allow
    /// sts:AssumeRole. semantics.md follows the trust-policy page; so does the code.
    @Test func userBoundaryWithoutAssumeRoleBlocksADirectTrust() throws {
        func scenario(boundary document: String) throws -> Scenario {
            var account = AccountBuilder(Fixture.a)
            let boundary = account.managedPolicy("BoundaryU", document)
            account.user("U", boundary: boundary)
            account.role("RoleB", trust: Policies.trustAWS(Fixture.user(Fixture.a, "U")))
            return try Scenario([account])
        }
        let user = Fixture.user(Fixture.a, "U")
        #expect(try scenario(boundary: Fixture.boundaryWithoutSTSOrS3).edge(user, roleB) == nil)
        #expect(try scenario(boundary: Fixture.boundaryAllowingAll).edge(user, roleB) != nil)
    }

    @Test func sessionArnInTheTrustGivesAnEdgeForThatSessionOnly() throws {
        // R5.2 / R5.5: a session ARN names only that session, so the edge holds
        // only if the caller picks that session name.
        let scenario = try sameAccount(trustB: Policies.trustAWS("arn:aws:sts::111111111111:assumed-role/RoleA/alice"))
        let edge = try #require(try scenario.edge(roleA, roleB))
        #expect(edge.caveats.contains { $0.kind == .allowedIf && $0.condition.contains("alice") })
        // A session of another role does not name RoleA.
        let other = try sameAccount(trustB: Policies.trustAWS("arn:aws:sts::111111111111:assumed-role/RoleX/alice"))
        #expect(try other.edge(roleA, roleB) == nil)
    }

    // MARK: - R3.1 an explicit Deny wins

    @Test func explicitDenyInTheCallersIdentityPolicyBlocksADirectTrust() throws {
        let denied = try sameAccount(
            trustB: Policies.trustAWS(roleA),
            inlineA: [Policies.deny("sts:AssumeRole", on: roleB)]
        )
        #expect(try denied.edge(roleA, roleB) == nil)
        let otherDenied = try sameAccount(
            trustB: Policies.trustAWS(roleA),
            inlineA: [Policies.deny("sts:AssumeRole", on: Fixture.role(Fixture.a, "RoleX"))]
        )
        #expect(try otherDenied.edge(roleA, roleB)?.isConditional == false)
    }

    @Test func explicitDenyInTheTrustPolicyBlocksTheEdge() throws {
        func trust(denying principal: String) -> String {
            Policies.document(
                #"{"Effect": "Allow", "Principal": {"AWS": "\#(roleA)"}, "Action": "sts:AssumeRole"}"#,
                #"{"Effect": "Deny", "Principal": {"AWS": "\#(principal)"}, "Action": "sts:AssumeRole"}"#
            )
        }
        #expect(try sameAccount(trustB: trust(denying: roleA)).edge(roleA, roleB) == nil)
        #expect(try sameAccount(trustB: trust(denying: Fixture.role(Fixture.a, "RoleX"))).edge(roleA, roleB) != nil)
    }

    @Test func explicitDenyInTheBoundaryBlocksTheEdge() throws {
        let boundary = Policies.document(
            #"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
            #"{"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "\#(roleB)"}"#
        )
        #expect(try sameAccount(trustB: Policies.trustAWS(roleA), boundaryA: boundary).edge(roleA, roleB) == nil)
        #expect(
            try sameAccount(trustB: Policies.trustAWS(roleA), boundaryA: Fixture.boundaryAllowingAll).edge(roleA, roleB)
                != nil
        )
    }

    @Test func undecidableDenyKeepsTheEdgeAndLabelsIt() throws {
        // R7.2: a Deny that may or may not apply never deletes an edge.
        let deny = Policies.deny(
            "sts:AssumeRole",
            on: roleB,
            condition: #"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#
        )
        let scenario = try sameAccount(trustB: Policies.trustAWS(roleA), inlineA: [deny])
        let edge = try #require(try scenario.edge(roleA, roleB))
        #expect(edge.caveats.keys(of: .mayBeDeniedIf) == ["aws:MultiFactorAuthPresent"])
        #expect(edge.caveats.keys(of: .allowedIf).isEmpty)
    }

    // MARK: - R5.3 same account, trust names the account

    @Test(arguments: ["111111111111", "arn:aws:iam::111111111111:root"])
    func sameAccountTrustNamingTheAccountNeedsAnIdentityAllow(accountPrincipal: String) throws {
        let trust = Policies.trustAWS(accountPrincipal)
        #expect(try sameAccount(trustB: trust).edge(roleA, roleB) == nil)
        #expect(
            try sameAccount(trustB: trust, inlineA: [Fixture.allowAssumeAny]).edge(roleA, roleB)?.isConditional == false
        )
        #expect(
            try sameAccount(trustB: trust, inlineA: [Policies.allow("sts:AssumeRole", on: roleB)]).edge(roleA, roleB)
                != nil
        )
        let elsewhere = Policies.allow("sts:AssumeRole", on: Fixture.role(Fixture.a, "RoleX"))
        #expect(try sameAccount(trustB: trust, inlineA: [elsewhere]).edge(roleA, roleB) == nil)
    }

    @Test func accountTrustWithIdentityAllowIsStillLimitedByTheBoundary() throws {
        let trust = Policies.trustAWS(Fixture.a)
        let blocked = try sameAccount(
            trustB: trust,
            inlineA: [Fixture.allowAssumeAny],
            boundaryA: Fixture.boundaryWithoutSTSOrS3
        )
        #expect(try blocked.edge(roleA, roleB) == nil)
        let allowed = try sameAccount(
            trustB: trust,
            inlineA: [Fixture.allowAssumeAny],
            boundaryA: Fixture.boundaryAllowingAll
        )
        #expect(try allowed.edge(roleA, roleB) != nil)
    }

    // MARK: - R5.4 cross account: the caller's identity Allow is always needed

    func crossAccount(trust: String, inlineA: [String]) throws -> Scenario {
        var accountA = AccountBuilder(Fixture.a)
        accountA.role("RoleA", trust: Fixture.unusedTrust, inline: inlineA)
        var accountB = AccountBuilder(Fixture.b)
        accountB.role("B", trust: trust)
        return try Scenario([accountA, accountB])
    }

    @Test func crossAccountTrustNamingTheRoleStillNeedsTheCallersIdentityAllow() throws {
        let roleB = Fixture.role(Fixture.b, "B")
        #expect(try crossAccount(trust: Policies.trustAWS(roleA), inlineA: []).edge(roleA, roleB) == nil)
        let allowed = try crossAccount(
            trust: Policies.trustAWS(roleA),
            inlineA: [Policies.allow("sts:AssumeRole", on: roleB)]
        )
        #expect(try allowed.edge(roleA, roleB)?.isConditional == false)
    }

    @Test func crossAccountTrustNamingTheAccountNeedsTheCallersIdentityAllow() throws {
        let roleB = Fixture.role(Fixture.b, "B")
        #expect(try crossAccount(trust: Policies.trustAWS(Fixture.a), inlineA: []).edge(roleA, roleB) == nil)
        #expect(
            try crossAccount(trust: Policies.trustAWS(Fixture.a), inlineA: [Fixture.allowAssumeAny]).edge(roleA, roleB)
                != nil
        )
        // The trust names account 111: an identity Allow does not help a role of 333.
        #expect(
            try crossAccount(trust: Policies.trustAWS(Fixture.external), inlineA: [Fixture.allowAssumeAny]).edge(
                roleA,
                roleB
            ) == nil
        )
    }

    @Test func trustNamingAnAccountThatWasNotImportedGivesAConditionalEntryEdge() throws {
        // R5.4: whoever in 333 assumes B needs 333's identity Allow, which we cannot see.
        let roleB = Fixture.role(Fixture.b, "B")
        let scenario = try crossAccount(trust: Policies.trustAWS(Fixture.external), inlineA: [])
        let edge = try #require(try scenario.edge(Fixture.root(Fixture.external), roleB))
        #expect(edge.caveats.contains { $0.kind == .allowedIf && $0.condition.contains("333333333333") })
        // Nearest setup that must not: 333 imported, and nobody there holds the Allow.
        var accountC = AccountBuilder(Fixture.external)
        accountC.role("RoleC", trust: Fixture.unusedTrust)
        var accountB = AccountBuilder(Fixture.b)
        accountB.role("B", trust: Policies.trustAWS(Fixture.external))
        let imported = try Scenario([accountB, accountC])
        #expect(try imported.edges().filter { $0.target == roleB }.isEmpty)
    }
}
