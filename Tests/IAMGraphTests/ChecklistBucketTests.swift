import IAMGraph
import IAMPolicy
import RoleChainTestSupport
import Testing

/// semantics.md §9 checklist, who reaches a bucket: items 26–37.
@Suite struct ChecklistBucketTests {
    let roleA = Fixture.role(Fixture.a, "RoleA")
    let userU = Fixture.user(Fixture.a, "U")

    /// Account 111 with RoleA and U; `example-bucket` owned by `owner`.
    func scenario(
        owner: String = Fixture.b,
        bucketPolicy: String? = nil,
        roleInline: [String] = [],
        roleBoundary: String? = nil,
        userBoundary: String? = nil
    ) throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        let rb = roleBoundary.map { account.managedPolicy("RoleBoundary", $0) }
        let ub = userBoundary.map { account.managedPolicy("UserBoundary", $0) }
        account.role("RoleA", trust: Fixture.unusedTrust, inline: roleInline, boundary: rb)
        account.user("U", boundary: ub)
        return try Scenario([account], buckets: [Fixture.bucket: (owner, bucketPolicy)])
    }

    func naming(_ principal: String) -> String {
        Fixture.bucketPolicy(principal: #"{"AWS": "\#(principal)"}"#)
    }

    @Test func item26_sameAccountBucketPolicyNamingRoleAGrants() throws {
        #expect(try scenario(owner: Fixture.a, bucketPolicy: naming(roleA)).reacher(roleA, of: Fixture.bucket) != nil)
        #expect(try scenario(owner: Fixture.a, bucketPolicy: naming(userU)).reacher(roleA, of: Fixture.bucket) == nil)
    }

    @Test func item27_roleABoundaryWithoutS3Blocks() throws {
        let blocked = try scenario(
            owner: Fixture.a,
            bucketPolicy: naming(roleA),
            roleBoundary: Fixture.boundaryWithoutSTSOrS3
        )
        #expect(try blocked.reacher(roleA, of: Fixture.bucket) == nil)
    }

    @Test func item28_userArnGrantIgnoresTheUsersBoundary() throws {
        let scenario = try scenario(
            owner: Fixture.a,
            bucketPolicy: naming(userU),
            userBoundary: Fixture.boundaryWithoutSTSOrS3
        )
        #expect(try scenario.reacher(userU, of: Fixture.bucket) != nil)
    }

    @Test func item29_sessionArnGrantIgnoresTheRolesBoundaryForThatSession() throws {
        let session = try scenario(
            owner: Fixture.a,
            bucketPolicy: naming("arn:aws:sts::111111111111:assumed-role/RoleA/s1"),
            roleBoundary: Fixture.boundaryWithoutSTSOrS3
        )
        let answer = try #require(try session.reacher(roleA, of: Fixture.bucket))
        #expect(answer.caveats.contains { $0.condition.contains("\"s1\"") })
    }

    @Test func item30_crossAccountGrantToRoleANeedsItsS3Allow() throws {
        #expect(try scenario(bucketPolicy: naming(roleA)).reacher(roleA, of: Fixture.bucket) == nil)
        #expect(
            try scenario(bucketPolicy: naming(roleA), roleInline: [Fixture.allowGetObjects]).reacher(
                roleA,
                of: Fixture.bucket
            ) != nil
        )
    }

    @Test func item31_accountGrantPlusObjectAllowReachesObjectsNotTheListing() throws {
        let policy = Policies.document(
            Fixture.statement(
                "Allow",
                principal: #"{"AWS": "111111111111"}"#,
                action: "s3:*",
                resource: "arn:aws:s3:::example-bucket"
            ),
            Fixture.statement(
                "Allow",
                principal: #"{"AWS": "111111111111"}"#,
                action: "s3:*",
                resource: "arn:aws:s3:::example-bucket/*"
            )
        )
        let scenario = try scenario(bucketPolicy: policy, roleInline: [Fixture.allowGetObjects])
        #expect(try scenario.reachers(action: "s3:GetObject").contains(roleA))
        #expect(try !scenario.reachers(action: "s3:ListBucket").contains(roleA))
    }

    @Test func item32_listBucketOnObjectArnsGrantsNoListing() throws {
        let objects = try scenario(
            owner: Fixture.a,
            roleInline: [Policies.allow("s3:ListBucket", on: "arn:aws:s3:::example-bucket/*")]
        )
        #expect(try !objects.reachers(action: "s3:ListBucket").contains(roleA))
        let bucket = try scenario(
            owner: Fixture.a,
            roleInline: [Policies.allow("s3:ListBucket", on: "arn:aws:s3:::example-bucket")]
        )
        #expect(try bucket.reachers(action: "s3:ListBucket").contains(roleA))
    }

    @Test func item33_bucketNamePrefixCoversBucketObjectsAndLookalikes() throws {
        let scenario = try scenario(
            owner: Fixture.a,
            roleInline: [Policies.allow("s3:*", on: "arn:aws:s3:::example-bucket*")]
        )
        #expect(try scenario.reachers(action: "s3:ListBucket").contains(roleA))
        #expect(try scenario.reachers(action: "s3:GetObject").contains(roleA))
        #expect(try scenario.reachers("example-bucket-logs", action: "s3:GetObject").contains(roleA))
        #expect(try !scenario.reachers("other-bucket", action: "s3:GetObject").contains(roleA))
    }

    @Test func item34_resourceArnsAreCaseSensitive() throws {
        let upper = try scenario(
            owner: Fixture.a,
            roleInline: [Policies.allow("s3:GetObject", on: "arn:aws:s3:::Example-Bucket/*")]
        )
        #expect(try !upper.reachers().contains(roleA))
        #expect(try upper.reachers("Example-Bucket").contains(roleA))
    }

    @Test func item35_actionNamesAreCaseInsensitive() throws {
        let mixed = try scenario(
            owner: Fixture.a,
            roleInline: [Policies.allow("S3:getobject", on: "arn:aws:s3:::example-bucket/*")]
        )
        #expect(try mixed.reachers().contains(roleA))
        let other = try scenario(
            owner: Fixture.a,
            roleInline: [Policies.allow("S3:putobject", on: "arn:aws:s3:::example-bucket/*")]
        )
        #expect(try !other.reachers().contains(roleA))
    }

    @Test func item36_allowNotActionGrantsEverythingElse() throws {
        func scenario(notAction: String) throws -> Scenario {
            var account = AccountBuilder(Fixture.a)
            let allow = Policies.statementDocument(#""NotAction": "\#(notAction)", "Resource": "*""#, effect: "Allow")
            account.role("RoleA", trust: Fixture.unusedTrust, inline: [allow])
            account.role("RoleB", trust: Policies.trustAWS(Fixture.a))
            return try Scenario([account], buckets: [Fixture.bucket: (Fixture.a, nil)])
        }
        let notIAM = try scenario(notAction: "iam:*")
        #expect(try notIAM.reachers().contains(roleA))
        #expect(try notIAM.edge(roleA, Fixture.role(Fixture.a, "RoleB")) != nil)
        let notS3 = try scenario(notAction: "s3:*")
        #expect(try !notS3.reachers().contains(roleA))
        #expect(try notS3.edge(roleA, Fixture.role(Fixture.a, "RoleB")) != nil)
    }

    @Test func item37_denyWithNotResourceSparesTheListedBucket() throws {
        let deny = Policies.statementDocument(
            #""Action": "s3:*", "NotResource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]"#,
            effect: "Deny"
        )
        let allowAll = Policies.allow("s3:*", on: "*")
        let scenario = try scenario(owner: Fixture.a, roleInline: [allowAll, deny])
        let answer = try #require(try scenario.reacher(roleA, of: Fixture.bucket))
        #expect(answer.caveats.isEmpty)
        #expect(try !scenario.reachers("other-bucket").contains(roleA))
    }
}
