import IAMGraph
import IAMPolicy
import RoleChainTestSupport
import Testing

/// Shortest AssumeRole chains (ChainQueries / ShortestChainsSQL): order of
/// hops, cycles, diamonds, the hop limit and `unconditionalOnly`.
@Suite struct ChainQueryTests {
    static func arn(_ name: String) -> String { Fixture.role(Fixture.a, name) }
    let a = arn("A"), b = arn("B"), c = arn("C"), d = arn("D")

    static let externalID = #"{"StringEquals": {"sts:ExternalId": "x-1"}}"#

    /// Roles of account 111, created in the order given; each trusts the
    /// roles listed (conditionally on sts:ExternalId when marked).
    static func roles(_ spec: [(name: String, trusted: [(String, conditional: Bool)])], holder: String? = nil) throws
        -> Scenario
    {
        var account = AccountBuilder(Fixture.a)
        for (name, trusted) in spec {
            let statements = trusted.map { caller, conditional in
                let condition = conditional ? #", "Condition": \#(externalID)"# : ""
                return
                    #"{"Effect": "Allow", "Principal": {"AWS": "\#(arn(caller))"}, "Action": "sts:AssumeRole"\#(condition)}"#
            }
            let trust = statements.isEmpty ? Fixture.unusedTrust : Policies.document(statements.joined(separator: ", "))
            account.role(name, trust: trust, inline: name == holder ? [Fixture.allowGetObjects] : [])
        }
        return try Scenario([account], buckets: [Fixture.bucket: (Fixture.a, nil)])
    }

    // MARK: - Chains

    @Test func chainFollowsItsHopsInOrder() throws {
        let scenario = try Self.roles([("A", []), ("B", [("A", false)]), ("C", [("B", false)])])
        let chains = try scenario.chains(from: a)
        #expect(chains[b]?.hopCount == 1)
        let toC = try #require(chains[c])
        #expect(toC.nodes.map(\.arn) == [a, b, c])
        #expect(toC.hops.count == 2)
        // Edges are directed: C reaches nobody, and A has no direct edge to C.
        #expect(try scenario.chains(from: c).isEmpty)
        #expect(try scenario.edge(a, c) == nil)
    }

    @Test func cycleTerminatesWithShortestHops() throws {
        let scenario = try Self.roles([("A", [("C", false)]), ("B", [("A", false)]), ("C", [("B", false)])])
        let fromA = try scenario.chains(from: a)
        #expect(fromA.keys.sorted() == [b, c])
        #expect(fromA[b]?.hopCount == 1)
        #expect(fromA[c]?.hopCount == 2)
        let fromB = try scenario.chains(from: b)
        #expect(fromB[a]?.nodes.map(\.arn) == [b, c, a])
    }

    @Test func diamondGivesOneShortestPath() throws {
        let scenario = try Self.roles([
            ("A", []), ("B", [("A", false)]), ("C", [("A", false)]), ("D", [("B", false), ("C", false)]),
        ])
        let all = try ChainQueries(store: scenario.store).allChains(
            from: [scenario.principalID(a)],
            to: [scenario.principalID(d)],
            options: .init()
        )
        #expect(all.count == 1)
        #expect(all.first?.hopCount == 2)
    }

    @Test(arguments: [true, false])
    func diamondPrefersTheUnconditionalLastHop(conditionalViaB: Bool) throws {
        let scenario = try Self.roles([
            ("A", []), ("B", [("A", false)]), ("C", [("A", false)]),
            ("D", [("B", conditionalViaB), ("C", !conditionalViaB)]),
        ])
        let toD = try #require(try scenario.chains(from: a)[d])
        #expect(toD.caveats.isEmpty)
        #expect(toD.nodes[1].arn == (conditionalViaB ? c : b))
    }

    @Test
    func diamondPrefersTheUnconditionalFirstHop() throws {
        let scenario = try Self.roles([
            ("A", []), ("B", [("A", true)]), ("C", [("A", false)]), ("D", [("B", false), ("C", false)]),
        ])
        let toD = try #require(try scenario.chains(from: a)[d])
        #expect(toD.caveats.isEmpty)
        #expect(toD.nodes.map(\.arn) == [a, c, d])
    }

    @Test
    func bucketChainPrefersTheUnconditionalPathThroughADiamond() throws {
        let scenario = try Self.roles(
            [("U", []), ("B", [("U", false)]), ("C", [("U", false)]), ("D", [("B", true), ("C", false)])],
            holder: "D"
        )
        let answer = try #require(try scenario.reacher(Self.arn("U"), of: Fixture.bucket))
        #expect(answer.caveats.isEmpty)
        #expect(answer.path == [Self.arn("U"), c, d])
    }

    /// Callers that share an AssumeRole statement reach the role through a
    /// class node (hop cost 0): the walk back from the holder passes
    /// through it, and the chain shows one hop with both edges' grants.
    @Test func bucketChainThroughAClassOfCallersReadsAsOneHop() throws {
        var accounts: [AccountBuilder] = []
        for account in [Fixture.a, Fixture.b] {
            var builder = AccountBuilder(account)
            let policy = builder.managedPolicy(
                "OpsAssume",
                Policies.allow("sts:AssumeRole", on: "arn:aws:iam::*:role/ops-*")
            )
            builder.user("first", attached: [policy])
            builder.user("second", attached: [policy])
            accounts.append(builder)
        }
        var owner = AccountBuilder(Fixture.external)
        owner.role("ops-target", trust: Policies.trust(#"{"AWS": "*"}"#), inline: [Fixture.allowGetObjects])
        accounts.append(owner)
        let scenario = try Scenario(accounts, buckets: [Fixture.bucket: (Fixture.external, nil)])
        let target = Fixture.role(Fixture.external, "ops-target")
        for account in [Fixture.a, Fixture.b] {
            for name in ["first", "second"] {
                let user = Fixture.user(account, name)
                let answer = try #require(try scenario.reacher(user, of: Fixture.bucket))
                #expect(answer.hops == 1)
                #expect(answer.path == [user, target])
                let grants = answer.chain?.hops.first?.grants ?? []
                #expect(grants.contains { $0.hasPrefix("trust policy of \(target)") })
                #expect(grants.contains { $0.contains("OpsAssume") })
            }
        }
    }

    // MARK: - Limits

    @Test func hopLimitCutsLongerChains() throws {
        let scenario = try Self.roles([("A", []), ("B", [("A", false)]), ("C", [("B", false)]), ("D", [("C", false)])])
        let short = try scenario.chains(from: a, maxHops: 2)
        #expect(short[c] != nil)
        #expect(short[d] == nil)
        #expect(try scenario.chains(from: a, maxHops: 3)[d]?.hopCount == 3)
    }

    @Test func hopLimitAppliesToBucketReach() throws {
        let scenario = try Self.roles([("A", []), ("B", [("A", false)]), ("C", [("B", false)])], holder: "C")
        #expect(try !scenario.reach(Fixture.bucket, maxHops: 1).answers.contains { $0.principal == a })
        let answer = try #require(try scenario.reach(Fixture.bucket, maxHops: 2).answers.first { $0.principal == a })
        #expect(answer.hops == 2)
        #expect(answer.path == [a, b, c])
    }

    @Test func unconditionalOnlySkipsConditionalHops() throws {
        let scenario = try Self.roles([("A", []), ("B", [("A", true)]), ("C", [("B", false)])], holder: "C")
        #expect(try scenario.chains(from: a).keys.sorted() == [b, c])
        #expect(try scenario.chains(from: a, unconditionalOnly: true).isEmpty)
        #expect(try scenario.chains(from: b, unconditionalOnly: true)[c] != nil)
        let all = try scenario.reach(Fixture.bucket)
        #expect(all.answers.contains { $0.principal == a })
        let certain = try scenario.reach(Fixture.bucket, unconditionalOnly: true)
        #expect(!certain.answers.contains { $0.principal == a })
        #expect(certain.answers.contains { $0.principal == b })
    }

    // MARK: - Self trust (R5.1)

    @Test func roleThatTrustsItselfGetsASelfEdgeButNoChainToItself() throws {
        // A trusts itself explicitly (R5.1), B trusts A.
        let selfTrusting = try Self.roles([("A", [("A", false)]), ("B", [("A", false)])])
        #expect(try selfTrusting.chains(from: a).keys.sorted() == [b])
        // The stored self edge A→A is the one edge no chain shows.
        #expect(try selfTrusting.storedEdgeCount() - selfTrusting.edges().count == 1)
        // Without the explicit self grant there is no self edge (R5.1), even
        // though A may call sts:AssumeRole on anything.
        var account = AccountBuilder(Fixture.a)
        account.role("A", trust: Policies.trustAWS(Fixture.role(Fixture.a, "B")), inline: [Fixture.allowAssumeAny])
        account.role("B", trust: Policies.trustAWS(a))
        let plain = try Scenario([account])
        #expect(try plain.storedEdgeCount() == plain.edges().count)
        #expect(try plain.chains(from: a).keys.sorted() == [b])
    }
}
