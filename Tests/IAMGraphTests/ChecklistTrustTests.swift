import IAMGraph
import IAMPolicy
import RoleChainTestSupport
import Testing

/// semantics.md §9 checklist, AssumeRole between IAM identities: items 1–8,
/// 11–16 and 21–25 (9, 10 and 13 with org data are in
/// ChecklistOrganizationTests). Each test names its item.
@Suite struct ChecklistTrustTests {
    let roleA = Fixture.role(Fixture.a, "RoleA")
    let roleB = Fixture.role(Fixture.a, "RoleB")

    /// Account 111 with RoleA and RoleB; the A→B edge.
    func edgeAB(trust: String, inline: [String] = [], boundary: String? = nil) throws -> Scenario.Edge? {
        var account = AccountBuilder(Fixture.a)
        let boundaryArn = boundary.map { account.managedPolicy("Boundary", $0) }
        account.role("RoleA", trust: Fixture.unusedTrust, inline: inline, boundary: boundaryArn)
        account.role("RoleB", trust: trust)
        return try Scenario([account]).edge(roleA, roleB)
    }

    @Test func item01_trustNamingRoleAIsEnoughInTheSameAccount() throws {
        #expect(try edgeAB(trust: Policies.trustAWS(roleA))?.isConditional == false)
        #expect(try edgeAB(trust: Policies.trustAWS(Fixture.role(Fixture.a, "RoleX"))) == nil)
    }

    @Test func item02and03_trustNamingTheAccountNeedsRoleAsAllow() throws {
        #expect(try edgeAB(trust: Policies.trustAWS(Fixture.a)) == nil)
        #expect(
            try edgeAB(trust: Policies.trustAWS(Fixture.a), inline: [Fixture.allowAssumeAny])?.isConditional == false
        )
    }

    @Test func item04and05_crossAccountNeedsRoleAsAllowOnB() throws {
        func edge(_ inline: [String]) throws -> Scenario.Edge? {
            var accountA = AccountBuilder(Fixture.a)
            accountA.role("RoleA", trust: Fixture.unusedTrust, inline: inline)
            var accountB = AccountBuilder(Fixture.b)
            accountB.role("B", trust: Policies.trustAWS(roleA))
            return try Scenario([accountA, accountB]).edge(roleA, Fixture.role(Fixture.b, "B"))
        }
        #expect(try edge([]) == nil)
        #expect(try edge([Policies.allow("sts:AssumeRole", on: "arn:aws:iam::222222222222:role/B")]) != nil)
    }

    @Test func item06_roleABoundaryWithoutAssumeRoleBlocks() throws {
        #expect(try edgeAB(trust: Policies.trustAWS(roleA), boundary: Fixture.boundaryWithoutSTSOrS3) == nil)
        #expect(try edgeAB(trust: Policies.trustAWS(roleA), boundary: Fixture.boundaryAllowingAll) != nil)
    }

    /// Item 7: R5.2 is ambiguous (the evaluation page says user-ARN grants
    /// ignore boundaries; the trust-policy page says a user's boundary must
    /// allow sts:AssumeRole). semantics.md and the code follow the trust-policy
    /// page; this is the regression test R5.2 asks for.
    @Test func item07_userBoundaryWithoutAssumeRoleBlocks() throws {
        func edge(_ boundary: String) throws -> Scenario.Edge? {
            var account = AccountBuilder(Fixture.a)
            let user = account.user("U", boundary: account.managedPolicy("Boundary", boundary))
            account.role("RoleB", trust: Policies.trustAWS(user))
            return try Scenario([account]).edge(user, roleB)
        }
        #expect(try edge(Fixture.boundaryWithoutSTSOrS3) == nil)
        #expect(try edge(Fixture.boundaryAllowingAll) != nil)
    }

    @Test func item08_inlineDenyOfStsBlocks() throws {
        #expect(try edgeAB(trust: Policies.trustAWS(roleA), inline: [Policies.deny("sts:*", on: "*")]) == nil)
        #expect(try edgeAB(trust: Policies.trustAWS(roleA), inline: [Policies.deny("s3:*", on: "*")]) != nil)
    }

    @Test func item11_uniqueIdOfADeletedRoleIsDangling() throws {
        func scenario(trustedID: String) throws -> Scenario {
            var account = AccountBuilder(Fixture.a)
            account.role("RoleA", trust: Fixture.unusedTrust, roleID: "AROA111111NEW0000000001")  // re-created
            account.role("RoleB", trust: Policies.trustAWS(trustedID))
            return try Scenario([account])
        }
        let dangling = try scenario(trustedID: "AROA111111OLD0000000001")
        #expect(try dangling.edge(roleA, roleB) == nil)
        #expect(try dangling.findings().contains("dangling-principal"))
        let live = try scenario(trustedID: "AROA111111NEW0000000001")
        #expect(try live.edge(roleA, roleB) != nil)
        #expect(try !live.findings().contains("dangling-principal"))
    }

    func everyoneScenario(condition: String? = nil, callerAllows: Bool = false) throws -> Scenario {
        var accountA = AccountBuilder(Fixture.a)
        accountA.user("U")
        accountA.role("ops-a", trust: Fixture.unusedTrust)
        accountA.role("dev-a", trust: Fixture.unusedTrust)
        accountA.role("RoleB", trust: Policies.trust(#""*""#, condition: condition))
        var accountB = AccountBuilder(Fixture.b)
        accountB.role("ops-b", trust: Fixture.unusedTrust, inline: callerAllows ? [Fixture.allowAssumeAny] : [])
        return try Scenario([accountA, accountB])
    }

    @Test func item12_everyoneTrustGivesEdgesFromTheAccountAndAnAnyPrincipalNode() throws {
        let scenario = try everyoneScenario()
        let sources = Set(try scenario.edges().filter { $0.target == roleB }.map(\.source))
        #expect(sources.isSuperset(of: [Fixture.user(Fixture.a, "U"), Fixture.role(Fixture.a, "ops-a"), "*"]))
        #expect(!sources.contains(Fixture.role(Fixture.b, "ops-b")))
    }

    @Test func item13_principalOrgIDWithoutOrganizationDataIsConditional() throws {
        let scenario = try everyoneScenario(condition: #"{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}"#)
        let edge = try #require(try scenario.edge(Fixture.role(Fixture.a, "ops-a"), roleB))
        #expect(edge.caveats.keys(of: .allowedIf) == ["aws:PrincipalOrgID"])
        #expect(try everyoneScenario().edge(Fixture.role(Fixture.a, "ops-a"), roleB)?.isConditional == false)
    }

    @Test func item14_principalArnConditionSelectsRolesAndOthersStillNeedTheirAllow() throws {
        let sameAccount = try everyoneScenario(
            condition: #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/ops-*"}}"#
        )
        #expect(try sameAccount.edge(Fixture.role(Fixture.a, "ops-a"), roleB)?.isConditional == false)
        #expect(try sameAccount.edge(Fixture.role(Fixture.a, "dev-a"), roleB) == nil)
        #expect(try sameAccount.edge(Fixture.user(Fixture.a, "U"), roleB) == nil)
        let anyAccount = #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ops-*"}}"#
        #expect(try everyoneScenario(condition: anyAccount).edge(Fixture.role(Fixture.b, "ops-b"), roleB) == nil)
        #expect(
            try everyoneScenario(condition: anyAccount, callerAllows: true).edge(
                Fixture.role(Fixture.b, "ops-b"),
                roleB
            ) != nil
        )
    }

    @Test func item15_externalIdMakesTheEdgeConditional() throws {
        let edge = try #require(
            try edgeAB(trust: Policies.trustAWS(roleA, condition: #"{"StringEquals": {"sts:ExternalId": "x"}}"#))
        )
        #expect(edge.caveats.keys(of: .allowedIf) == ["sts:ExternalId"])
        #expect(try edgeAB(trust: Policies.trustAWS(roleA))?.isConditional == false)
    }

    @Test func item16_mfaConditionMakesTheEdgeConditional() throws {
        let edge = try #require(
            try edgeAB(trust: Policies.trustAWS(roleA, condition: #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#))
        )
        #expect(edge.caveats.keys(of: .allowedIf) == ["aws:MultiFactorAuthPresent"])
    }

    func userChain() throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        account.user("U", inline: [Policies.allow("sts:AssumeRole", on: roleA)])
        account.role("RoleA", trust: Policies.trustAWS(Fixture.a))
        account.role("RoleB", trust: Policies.trustAWS(roleA))
        return try Scenario([account])
    }

    @Test func item21_userToRoleAToRoleBIsOneChain() throws {
        let user = Fixture.user(Fixture.a, "U")
        let chain = try #require(try userChain().chains(from: user)[roleB])
        #expect(chain.nodes.map(\.arn) == [user, roleA, roleB])
        #expect(try userChain().edge(user, roleB) == nil)  // no shortcut: B trusts only RoleA
    }

    /// The cap is a note, not a condition: the hop is allowed either way, so
    /// it must not make the chain conditional.
    @Test func item21b_chainedHopNotesTheOneHourCap() throws {
        let scenario = try userChain()
        let user = Fixture.user(Fixture.a, "U")
        let chain = try #require(try scenario.chains(from: user)[roleB])
        #expect(chain.caveats.isEmpty)
        #expect(ChainNotes.notes(for: chain).contains { $0.contains("1 hour") })
        #expect(ChainNotes.notes(for: try #require(try scenario.chains(from: user)[roleA])).isEmpty)
    }

    @Test func item22_sessionArnGivesASessionNameConditionalEdge() throws {
        let edge = try #require(
            try edgeAB(trust: Policies.trustAWS("arn:aws:sts::111111111111:assumed-role/RoleA/alice"))
        )
        #expect(edge.caveats.contains { $0.condition.contains("\"alice\"") })
    }

    @Test func item23_roleAssumingItselfNeedsItselfInTheTrust() throws {
        func storedMinusVisible(trust: String) throws -> Int {
            var account = AccountBuilder(Fixture.a)
            account.role("RoleA", trust: trust, inline: [Fixture.allowAssumeAny])
            let scenario = try Scenario([account])
            return try scenario.storedEdgeCount() - scenario.edges().count
        }
        // RoleA may call sts:AssumeRole on anything, but its trust lacks it: no self edge.
        #expect(try storedMinusVisible(trust: Fixture.unusedTrust) == 0)
        // The trust names RoleA: a self edge.
        #expect(try storedMinusVisible(trust: Policies.trustAWS(roleA)) == 1)
        // "specify the role ARN or AWS account ARN as a principal in the role trust
        // policy" (id_roles_update-role-trust-policy.html): the account trust plus
        // RoleA's own Allow is a self grant too (R5.3).
        #expect(try storedMinusVisible(trust: Policies.trustAWS(Fixture.a)) == 1)
    }

    @Test func item24_rootUserGetsNoAssumeRoleEdge() throws {
        // R5.6: the trust names account 111 (its :root ARN); no root node appears.
        let scenario = try userChain()
        #expect(try scenario.edges().allSatisfy { $0.source != Fixture.root(Fixture.a) })
        #expect(try scenario.edge(Fixture.user(Fixture.a, "U"), roleA) != nil)
    }

    @Test
    func item24b_rootUserReachesBucketsOfItsOwnAccount() throws {
        var account = AccountBuilder(Fixture.a)
        account.role("RoleA", trust: Fixture.unusedTrust)
        let scenario = try Scenario([account], buckets: [Fixture.bucket: (Fixture.a, nil)])
        #expect(try scenario.reachers().contains(Fixture.root(Fixture.a)))
    }

    @Test func item25_groupPolicyGivesItsMembersTheAllow() throws {
        func edge(inGroup: Bool) throws -> Scenario.Edge? {
            var account = AccountBuilder(Fixture.a)
            account.group("G", inline: [Fixture.allowAssumeAny])
            let user = account.user("U", groups: inGroup ? ["G"] : [])
            account.role("RoleB", trust: Policies.trustAWS(Fixture.a))
            return try Scenario([account]).edge(user, roleB)
        }
        #expect(try edge(inGroup: true) != nil)
        #expect(try edge(inGroup: false) == nil)
    }
}
