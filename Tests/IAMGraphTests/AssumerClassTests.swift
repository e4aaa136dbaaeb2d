import Foundation
import IAMGraph
import RoleChainTestSupport
import Testing

/// Class nodes (issue 4): callers holding the same AssumeRole statement are
/// decided once per role through a class node, and only when every member
/// would be decided alike. Each rule has the case that groups and the
/// nearest case that must decide the caller on its own.
@Suite struct AssumerClassTests {
    static let a = "111111111111"
    static let b = "222222222222"
    static let c = "333333333333"
    static let opsAssume = Policies.allow("sts:AssumeRole", on: "arn:aws:iam::*:role/ops-*")
    static var target: String { Fixture.role(c, "ops-target") }

    /// Two users in each of accounts A and B hold their account's copy of
    /// `OpsAssume`; account C's `ops-target` trusts `trust`. `extraForFirst`
    /// adds inline policies to A's first user.
    func scenario(
        trust: String = Policies.trust(#"{"AWS": "*"}"#),
        extraForFirst: [String] = [],
        organization: OrganizationBuilder? = nil
    ) throws -> Scenario {
        var accounts: [AccountBuilder] = []
        for account in [Self.a, Self.b] {
            var builder = AccountBuilder(account)
            let policy = builder.managedPolicy("OpsAssume", Self.opsAssume)
            builder.user("first", inline: account == Self.a ? extraForFirst : [], attached: [policy])
            builder.user("second", attached: [policy])
            accounts.append(builder)
        }
        var owner = AccountBuilder(Self.c)
        owner.role("ops-target", trust: trust)
        accounts.append(owner)
        return try Scenario(accounts, organization: organization)
    }

    func classEdges(_ scenario: Scenario) throws -> Int {
        let result = try ReadOnlyQuery(store: scenario.store).run(
            "SELECT count(*) FROM edge e JOIN principal p ON p.id = e.sourceId WHERE p.kind = 'assumer-set'"
        )
        return Int(result.rows.first?.first.flatMap { $0 } ?? "") ?? -1
    }

    @Test func everyAccountsCopyOfAPolicyIsOneClassForAStarTrust() throws {
        let scenario = try scenario()
        for account in [Self.a, Self.b] {
            for user in ["first", "second"] {
                #expect(try scenario.edge(Fixture.user(account, user), Self.target)?.isConditional == false)
            }
        }
        // Four callers in two accounts, one edge into the role.
        #expect(try classEdges(scenario) == 1)
    }

    @Test func aCallerWithADenyIsDecidedOnItsOwn() throws {
        let scenario = try scenario(extraForFirst: [Policies.deny("sts:AssumeRole", on: Self.target)])
        #expect(try scenario.edge(Fixture.user(Self.a, "first"), Self.target) == nil)
        #expect(try scenario.edge(Fixture.user(Self.a, "second"), Self.target)?.isConditional == false)
        #expect(try scenario.edge(Fixture.user(Self.b, "first"), Self.target)?.isConditional == false)
    }

    @Test func aTrustDenyingOneCallerByNameIsNotBypassedByItsClass() throws {
        let trust = Policies.document(
            #"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#,
            #"{"Effect": "Deny", "Principal": {"AWS": "\#(Fixture.user(Self.b, "first"))"}, "Action": "sts:AssumeRole"}"#
        )
        let scenario = try scenario(trust: trust)
        #expect(try scenario.edge(Fixture.user(Self.b, "first"), Self.target) == nil)
        #expect(try scenario.edge(Fixture.user(Self.b, "second"), Self.target)?.isConditional == false)
        #expect(try classEdges(scenario) == 0)
    }

    @Test func aTrustNamingAnAccountOnlyLetsThatAccountsHoldersIn() throws {
        let scenario = try scenario(trust: Policies.trustAWS(Self.a))
        #expect(try scenario.edge(Fixture.user(Self.a, "first"), Self.target)?.isConditional == false)
        #expect(try scenario.edge(Fixture.user(Self.a, "second"), Self.target)?.isConditional == false)
        #expect(try scenario.edge(Fixture.user(Self.b, "first"), Self.target) == nil)
        #expect(try scenario.edge(Fixture.user(Self.b, "second"), Self.target) == nil)
    }

    @Test func aPrincipalAccountConditionDecidesEachCaller() throws {
        let scenario = try scenario(
            trust: Policies.trust(
                #"{"AWS": "*"}"#,
                condition: #"{"StringEquals": {"aws:PrincipalAccount": "\#(Self.b)"}}"#
            )
        )
        #expect(try scenario.edge(Fixture.user(Self.b, "first"), Self.target)?.isConditional == false)
        #expect(try scenario.edge(Fixture.user(Self.a, "first"), Self.target) == nil)
    }

    @Test func aCallerAlsoAllowedUnconditionallyKeepsItsUnconditionalPath() throws {
        let mfa = #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#
        var accounts: [AccountBuilder] = []
        for account in [Self.a, Self.b] {
            var builder = AccountBuilder(account)
            let policy = builder.managedPolicy(
                "OpsAssumeWithMFA",
                Policies.allow("sts:AssumeRole", on: "arn:aws:iam::*:role/ops-*", condition: mfa)
            )
            builder.user(
                "first",
                inline: account == Self.a ? [Policies.allow("sts:AssumeRole", on: Self.target)] : [],
                attached: [policy]
            )
            builder.user("second", attached: [policy])
            accounts.append(builder)
        }
        var owner = AccountBuilder(Self.c)
        owner.role("ops-target", trust: Policies.trust(#"{"AWS": "*"}"#))
        accounts.append(owner)
        let scenario = try Scenario(accounts)
        #expect(try scenario.edge(Fixture.user(Self.a, "first"), Self.target)?.isConditional == false)
        #expect(try scenario.edge(Fixture.user(Self.a, "second"), Self.target)?.isConditional == true)
    }

    @Test func accountsUnderDifferentSCPsAreDifferentClasses() throws {
        var organization = OrganizationBuilder(management: "999999999999")
        organization.unit("ou-open", name: "Open")
        organization.unit("ou-closed", name: "Closed")
        organization.account(Self.a, parent: "ou-open")
        organization.account(Self.b, parent: "ou-closed")
        organization.account(Self.c, parent: "ou-open")
        organization.policy(
            "p-no-sts",
            type: "SERVICE_CONTROL_POLICY",
            document: Policies.deny("sts:AssumeRole", on: "*"),
            attachedTo: ["ou-closed"]
        )
        let scenario = try scenario(organization: organization)
        #expect(try scenario.edge(Fixture.user(Self.a, "first"), Self.target)?.isConditional == false)
        #expect(try scenario.edge(Fixture.user(Self.b, "first"), Self.target) == nil)
        #expect(try scenario.edge(Fixture.user(Self.b, "second"), Self.target) == nil)
    }

    /// A hop through a class node costs one hop, whichever way a query
    /// walks: at the hop limit, walking back from the holder must still
    /// reach the class's members.
    @Test func aHopThroughAClassFitsTheHopLimitWalkingBackwards() throws {
        var accounts: [AccountBuilder] = []
        for account in [Self.a, Self.b] {
            var builder = AccountBuilder(account)
            let policy = builder.managedPolicy("OpsAssume", Self.opsAssume)
            builder.user("first", attached: [policy])
            builder.user("second", attached: [policy])
            accounts.append(builder)
        }
        var owner = AccountBuilder(Self.c)
        let read = owner.managedPolicy("Read", Policies.allow("s3:GetObject", on: "arn:aws:s3:::\(Fixture.bucket)/*"))
        owner.role("ops-target", trust: Policies.trust(#"{"AWS": "*"}"#), attached: [read])
        accounts.append(owner)
        let scenario = try Scenario(accounts, buckets: [Fixture.bucket: (owner: Self.c, policy: nil)])
        #expect(try classEdges(scenario) == 1)
        let oneHop = try scenario.reach(Fixture.bucket, maxHops: 1)
        let reacher = try #require(oneHop.answers.first { $0.principal == Fixture.user(Self.b, "first") })
        #expect(reacher.hops == 1)
        #expect(reacher.path == [Fixture.user(Self.b, "first"), Self.target])
        // Nearest case that must not: no hop at all allows only the holder itself.
        #expect(try !scenario.reach(Fixture.bucket, maxHops: 0).answers.contains { $0.principal == reacher.principal })
    }

    @Test func aClassHopCitesTheMembersOwnStatement() throws {
        let scenario = try scenario()
        let report = try ChainQueries(store: scenario.store).allChains(options: .init(maxHops: 1))
        let chain = try #require(
            report.first { $0.source?.arn == Fixture.user(Self.b, "second") && $0.target?.arn == Self.target }
        )
        let grants = chain.hops.flatMap(\.grants).map(\.description)
        #expect(grants.contains { $0.contains("arn:aws:iam::\(Self.b):policy/OpsAssume") })
        #expect(!grants.contains { $0.contains("arn:aws:iam::\(Self.a):policy/OpsAssume") })
        #expect(grants.contains { $0.contains("trust policy of \(Self.target)") })
    }
}
