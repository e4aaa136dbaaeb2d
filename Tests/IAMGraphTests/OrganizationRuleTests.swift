import Foundation
import IAMGraph
import RoleChainTestSupport
import Testing

/// SCPs and RCPs (semantics.md R3.6, R3.7) and aws:PrincipalOrgID with an
/// imported organization: checklist setups 9, 10, 13, 47, 48 and 49.
@Suite struct OrganizationRuleTests {
    static let management = "999999999999"
    static let a = "111111111111"
    static let b = "222222222222"
    static let c = "333333333333"

    static let denyS3 =
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#
    static let allowOnlyEC2 =
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}"#

    /// Role_A trusted directly by Role_B in the same account `account`.
    func sameAccountPair(_ account: String) -> AccountBuilder {
        var builder = AccountBuilder(account)
        let roleA = builder.role("Role_A", trust: Policies.trustAWS(builder.arn("root")))
        builder.role("Role_B", trust: Policies.trustAWS(roleA))
        return builder
    }

    func organization(allowListOn account: String?) -> OrganizationBuilder {
        var organization = OrganizationBuilder(management: Self.management)
        organization.account(Self.a)
        organization.account(Self.b)
        if let account {
            organization.detach("p-FullAWSAccess", from: account)
            organization.policy(
                "p-only-ec2",
                type: "SERVICE_CONTROL_POLICY",
                document: Self.allowOnlyEC2,
                attachedTo: [account]
            )
        }
        return organization
    }

    // MARK: - SCPs (R3.6)

    @Test func scpAllowListWithoutAssumeRoleRemovesTheEdgeInAMemberAccount() throws {
        let scenario = try Scenario([sameAccountPair(Self.a)], organization: organization(allowListOn: Self.a))
        #expect(try scenario.edge("arn:aws:iam::\(Self.a):role/Role_A", "arn:aws:iam::\(Self.a):role/Role_B") == nil)
    }

    @Test func scpWithFullAccessKeepsTheEdge() throws {
        let scenario = try Scenario([sameAccountPair(Self.a)], organization: organization(allowListOn: nil))
        #expect(try scenario.edge("arn:aws:iam::\(Self.a):role/Role_A", "arn:aws:iam::\(Self.a):role/Role_B") != nil)
    }

    @Test func scpsDoNotApplyInTheManagementAccount() throws {
        var organization = organization(allowListOn: nil)
        organization.detach("p-FullAWSAccess", from: Self.management)
        organization.policy(
            "p-only-ec2",
            type: "SERVICE_CONTROL_POLICY",
            document: Self.allowOnlyEC2,
            attachedTo: [Self.management]
        )
        let scenario = try Scenario([sameAccountPair(Self.management)], organization: organization)
        let edge = try scenario.edge(
            "arn:aws:iam::\(Self.management):role/Role_A",
            "arn:aws:iam::\(Self.management):role/Role_B"
        )
        #expect(edge != nil)
    }

    /// Checklist 47: the caller's account SCP denies s3, the bucket grant does not help;
    /// an outside account's principal is not bound by it.
    @Test func scpDenyOnTheCallersAccountBlocksBucketAccessButNotOutsiders() throws {
        var accountA = AccountBuilder(Self.a)
        let roleA = accountA.role(
            "Role_A",
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            inline: [Policies.allow("s3:GetObject", on: "arn:aws:s3:::example-bucket/*")]
        )
        var accountC = AccountBuilder(Self.c)
        let roleC = accountC.role(
            "Role_C",
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            inline: [Policies.allow("s3:GetObject", on: "arn:aws:s3:::example-bucket/*")]
        )
        let bucketPolicy = Policies.trust(#"{"AWS": ["\#(roleA)", "\#(roleC)"]}"#, action: "s3:GetObject")
            .replacingOccurrences(
                of: #""Action": "s3:GetObject""#,
                with: #""Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*""#
            )
        var organization = organization(allowListOn: nil)
        organization.policy("p-deny-s3", type: "SERVICE_CONTROL_POLICY", document: Self.denyS3, attachedTo: [Self.a])
        let scenario = try Scenario(
            [accountA, accountC],
            buckets: ["example-bucket": (Self.b, bucketPolicy)],
            organization: organization
        )
        #expect(try scenario.reacher(roleA, of: "example-bucket") == nil)
        #expect(try scenario.reacher(roleC, of: "example-bucket") != nil)
    }

    /// Checklist 49: service-linked roles are outside SCPs.
    @Test func serviceLinkedRolesAreNotBoundBySCPs() throws {
        var accountA = AccountBuilder(Self.a)
        let linked = accountA.role(
            "AWSServiceRoleForThing",
            path: "/aws-service-role/thing.amazonaws.com/",
            trust: Policies.trust(#"{"Service": "thing.amazonaws.com"}"#),
            inline: [Policies.allow("s3:GetObject", on: "*")]
        )
        let plain = accountA.role(
            "Plain",
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            inline: [Policies.allow("s3:GetObject", on: "*")]
        )
        var organization = organization(allowListOn: nil)
        organization.policy("p-deny-s3", type: "SERVICE_CONTROL_POLICY", document: Self.denyS3, attachedTo: [Self.a])
        let scenario = try Scenario([accountA], buckets: ["b1": (Self.a, nil)], organization: organization)
        #expect(try scenario.reacher(linked, of: "b1") != nil)
        #expect(try scenario.reacher(plain, of: "b1") == nil)
    }

    // MARK: - RCPs (R3.7)

    static let rcpDenyOutsideOrg = #"""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sts:AssumeRole"],
          "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-example"}}}]}
        """#

    /// Checklist 48: an RCP on 222 denying callers outside the organization
    /// blocks 333 (not a member) and keeps 111 (a member).
    @Test func rcpDeniesOutsidersOnRolesOfAMemberAccount() throws {
        var accountB = AccountBuilder(Self.b)
        var accountA = AccountBuilder(Self.a)
        var accountC = AccountBuilder(Self.c)
        let roleA = accountA.role(
            "Role_A",
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            inline: [Policies.allow("sts:AssumeRole", on: "*")]
        )
        let roleC = accountC.role(
            "Role_C",
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            inline: [Policies.allow("sts:AssumeRole", on: "*")]
        )
        let roleB = accountB.role("Role_B", trust: Policies.trustAWS(roleA, roleC))
        var organization = organization(allowListOn: nil)
        organization.policy(
            "p-rcp",
            type: "RESOURCE_CONTROL_POLICY",
            document: Self.rcpDenyOutsideOrg,
            attachedTo: [Self.b]
        )
        let scenario = try Scenario([accountA, accountB, accountC], organization: organization)
        #expect(try scenario.edge(roleA, roleB) != nil)
        #expect(try scenario.edge(roleC, roleB) == nil)
    }

    // MARK: - aws:PrincipalOrgID (R7.1, checklist 13)

    static func trustEveryoneInOrg() -> String {
        Policies.trust(#""*""#, condition: #"{"StringEquals": {"aws:PrincipalOrgID": "o-example"}}"#)
    }

    @Test func principalOrgIDIsDecidedWhenTheOrganizationIsImported() throws {
        var accountA = AccountBuilder(Self.a)
        let roleA = accountA.role(
            "Role_A",
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            inline: [Policies.allow("sts:AssumeRole", on: "*")]
        )
        var accountC = AccountBuilder(Self.c)
        let roleC = accountC.role(
            "Role_C",
            trust: Policies.trust(#"{"Service": "ec2.amazonaws.com"}"#),
            inline: [Policies.allow("sts:AssumeRole", on: "*")]
        )
        var accountB = AccountBuilder(Self.b)
        let roleB = accountB.role("Role_B", trust: Self.trustEveryoneInOrg())

        let withOrganization = try Scenario(
            [accountA, accountB, accountC],
            organization: organization(allowListOn: nil)
        )
        let member = try #require(try withOrganization.edge(roleA, roleB))
        #expect(!member.isConditional)
        #expect(try withOrganization.edge(roleC, roleB) == nil)

        let withoutOrganization = try Scenario([accountA, accountB, accountC])
        let open = try #require(try withoutOrganization.edge(roleC, roleB))
        #expect(open.isConditional)
        #expect(open.caveats.contains { $0.keys.contains("aws:PrincipalOrgID") })
    }
}
