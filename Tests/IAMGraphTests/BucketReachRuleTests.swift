import IAMGraph
import IAMPolicy
import RoleChainTestSupport
import Testing

/// Who reaches an S3 bucket directly: same-account union (R3.3), boundaries
/// against resource-policy grants (R3.4), account principals delegate
/// (R3.8), cross-account needs both sides (R4.1), bucket vs object ARNs
/// (R6.1), the bucket policy as a resource policy (R6.2).
@Suite struct BucketReachRuleTests {
    let roleA = Fixture.role(Fixture.a, "RoleA")
    let userU = Fixture.user(Fixture.a, "U")

    /// Account 111 with RoleA and user U, and `example-bucket` owned by `owner`.
    func scenario(
        owner: String = Fixture.a,
        bucketPolicy: String?,
        roleInline: [String] = [],
        roleBoundary: String? = nil,
        userInline: [String] = [],
        userBoundary: String? = nil
    ) throws -> Scenario {
        var account = AccountBuilder(Fixture.a)
        let rb = roleBoundary.map { account.managedPolicy("RoleBoundary", $0) }
        let ub = userBoundary.map { account.managedPolicy("UserBoundary", $0) }
        account.role("RoleA", trust: Fixture.unusedTrust, inline: roleInline, boundary: rb)
        account.user("U", inline: userInline, boundary: ub)
        return try Scenario([account], buckets: [Fixture.bucket: (owner, bucketPolicy)])
    }

    func naming(_ principal: String) -> String {
        Fixture.bucketPolicy(principal: #"{"AWS": "\#(principal)"}"#)
    }

    // MARK: - R3.3 same account: identity or bucket policy

    @Test func sameAccountBucketPolicyNamingTheRoleGrantsWithoutIdentityPolicy() throws {
        let named = try scenario(bucketPolicy: naming(roleA))
        #expect(try named.reacher(roleA, of: Fixture.bucket)?.caveats.isEmpty == true)
        let other = try scenario(bucketPolicy: naming(Fixture.role(Fixture.a, "RoleX")))
        #expect(try other.reacher(roleA, of: Fixture.bucket) == nil)
    }

    @Test func sameAccountIdentityPolicyGrantsWithoutBucketPolicy() throws {
        let granted = try scenario(bucketPolicy: nil, roleInline: [Fixture.allowGetObjects])
        #expect(try granted.reacher(roleA, of: Fixture.bucket) != nil)
        let elsewhere = try scenario(
            bucketPolicy: nil,
            roleInline: [Policies.allow("s3:GetObject", on: "arn:aws:s3:::other-bucket/*")]
        )
        #expect(try elsewhere.reacher(roleA, of: Fixture.bucket) == nil)
    }

    // MARK: - R3.4 boundaries and resource-policy grants

    @Test func roleArnGrantIsLimitedByTheRolesBoundary() throws {
        let blocked = try scenario(bucketPolicy: naming(roleA), roleBoundary: Fixture.boundaryWithoutSTSOrS3)
        #expect(try blocked.reacher(roleA, of: Fixture.bucket) == nil)
        let allowed = try scenario(bucketPolicy: naming(roleA), roleBoundary: Fixture.boundaryAllowingAll)
        #expect(try allowed.reacher(roleA, of: Fixture.bucket) != nil)
    }

    @Test func userArnGrantIsNotLimitedByTheUsersBoundary() throws {
        let scenario = try scenario(bucketPolicy: naming(userU), userBoundary: Fixture.boundaryWithoutSTSOrS3)
        #expect(try scenario.reacher(userU, of: Fixture.bucket)?.caveats.isEmpty == true)
        // Nearest setup that must not: the same boundary on a user reached only through its identity policy.
        let identityOnly = try self.scenario(
            bucketPolicy: nil,
            userInline: [Fixture.allowGetObjects],
            userBoundary: Fixture.boundaryWithoutSTSOrS3
        )
        #expect(try identityOnly.reacher(userU, of: Fixture.bucket) == nil)
    }

    @Test func explicitDenyInTheBoundaryStillBlocksAUserArnGrant() throws {
        let denyingBoundary = Policies.document(
            #"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
            #"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#
        )
        let scenario = try scenario(bucketPolicy: naming(userU), userBoundary: denyingBoundary)
        #expect(try scenario.reacher(userU, of: Fixture.bucket) == nil)
    }

    @Test func sessionArnGrantIsNotLimitedByTheRolesBoundary() throws {
        let session = "arn:aws:sts::111111111111:assumed-role/RoleA/s1"
        let scenario = try scenario(bucketPolicy: naming(session), roleBoundary: Fixture.boundaryWithoutSTSOrS3)
        let answer = try #require(try scenario.reacher(roleA, of: Fixture.bucket))
        // Only the session named s1: the answer says so.
        #expect(answer.caveats.contains { $0.kind == .allowedIf && $0.condition.contains("s1") })
    }

    // MARK: - R3.8 account principals delegate, never grant

    @Test(arguments: [Fixture.a, Fixture.b])
    func bucketPolicyNamingTheAccountNeedsTheIdentityAllow(owner: String) throws {
        let policy = naming(Fixture.root(Fixture.a))
        #expect(try scenario(owner: owner, bucketPolicy: policy).reacher(roleA, of: Fixture.bucket) == nil)
        let allowed = try scenario(owner: owner, bucketPolicy: policy, roleInline: [Fixture.allowGetObjects])
        #expect(try allowed.reacher(roleA, of: Fixture.bucket)?.caveats.isEmpty == true)
    }

    // MARK: - R4.1 cross account: both must allow

    @Test func crossAccountBucketGrantNeedsTheCallersIdentityAllow() throws {
        #expect(try scenario(owner: Fixture.b, bucketPolicy: naming(roleA)).reacher(roleA, of: Fixture.bucket) == nil)
        let both = try scenario(owner: Fixture.b, bucketPolicy: naming(roleA), roleInline: [Fixture.allowGetObjects])
        #expect(try both.reacher(roleA, of: Fixture.bucket) != nil)
    }

    @Test func crossAccountIdentityAllowNeedsTheBucketPolicy() throws {
        let noPolicy = try scenario(owner: Fixture.b, bucketPolicy: nil, roleInline: [Fixture.allowGetObjects])
        #expect(try noPolicy.reacher(roleA, of: Fixture.bucket) == nil)
        let otherNamed = try scenario(
            owner: Fixture.b,
            bucketPolicy: naming(Fixture.root(Fixture.external)),
            roleInline: [Fixture.allowGetObjects]
        )
        #expect(try otherNamed.reacher(roleA, of: Fixture.bucket) == nil)
    }

    /// Across accounts only the users and roles of accounts the bucket
    /// policy may name are weighed: every way of naming the caller's
    /// account lets its identity Allow through, naming another principal
    /// of it does not.
    @Test(arguments: [Fixture.a, Fixture.root(Fixture.a), Fixture.role(Fixture.a, "RoleA"), "*"])
    func crossAccountCallerIsFoundWhicheverWayTheBucketPolicyNamesIt(principal: String) throws {
        let named = try scenario(
            owner: Fixture.b,
            bucketPolicy: naming(principal),
            roleInline: [Fixture.allowGetObjects]
        )
        #expect(try named.reacher(roleA, of: Fixture.bucket) != nil)
        let sibling = try scenario(
            owner: Fixture.b,
            bucketPolicy: naming(Fixture.role(Fixture.a, "RoleX")),
            roleInline: [Fixture.allowGetObjects]
        )
        #expect(try sibling.reacher(roleA, of: Fixture.bucket) == nil)
    }

    // MARK: - R6.1 bucket vs object resources

    @Test func listBucketNeedsTheBucketArnAndGetObjectAnObjectArn() throws {
        let right = try scenario(
            bucketPolicy: nil,
            roleInline: [
                Policies.allow("s3:ListBucket", on: "arn:aws:s3:::example-bucket"),
                Policies.allow("s3:GetObject", on: "arn:aws:s3:::example-bucket/*"),
            ]
        )
        #expect(try right.reachers(action: "s3:ListBucket").contains(roleA))
        #expect(try right.reachers(action: "s3:GetObject").contains(roleA))
        let swapped = try scenario(
            bucketPolicy: nil,
            roleInline: [
                Policies.allow("s3:ListBucket", on: "arn:aws:s3:::example-bucket/*"),
                Policies.allow("s3:GetObject", on: "arn:aws:s3:::example-bucket"),
            ]
        )
        #expect(try !swapped.reachers(action: "s3:ListBucket").contains(roleA))
        #expect(try !swapped.reachers(action: "s3:GetObject").contains(roleA))
    }

    @Test func trailingWildcardOnTheBucketNameCoversOtherBuckets() throws {
        let wide = try scenario(
            bucketPolicy: nil,
            roleInline: [Policies.allow("s3:*", on: "arn:aws:s3:::example-bucket*")]
        )
        #expect(try wide.reachers("example-bucket-logs", action: "s3:GetObject").contains(roleA))
        #expect(try wide.reachers(action: "s3:ListBucket").contains(roleA))
        let objects = try scenario(
            bucketPolicy: nil,
            roleInline: [Policies.allow("s3:*", on: "arn:aws:s3:::example-bucket/*")]
        )
        #expect(try !objects.reachers("example-bucket-logs", action: "s3:GetObject").contains(roleA))
        #expect(try !objects.reachers(action: "s3:ListBucket").contains(roleA))
    }

    @Test func objectGrantForOneKeyPrefixAnswersForThatKeyOnly() throws {
        let scenario = try scenario(
            bucketPolicy: nil,
            roleInline: [Policies.allow("s3:GetObject", on: "arn:aws:s3:::example-bucket/reports/*")]
        )
        #expect(try scenario.reachers(key: "reports/q1.csv").contains(roleA))
        #expect(try !scenario.reachers(key: "secrets/key.pem").contains(roleA))
    }

    // MARK: - R6.2 the bucket policy is a resource-based policy

    @Test func publicBucketPolicyIsReachableByAnyone() throws {
        // R6.2: Principal "*" without conditions is public, anonymous callers
        // included — they need no identity policy, so the answer is certain.
        let scenario = try scenario(owner: Fixture.b, bucketPolicy: Fixture.bucketPolicy(principal: #""*""#))
        let anyone = try #require(try scenario.reacher("*", of: Fixture.bucket))
        #expect(anyone.caveats.isEmpty)
        let named = try self.scenario(owner: Fixture.b, bucketPolicy: naming(Fixture.root(Fixture.external)))
        #expect(try named.reacher("*", of: Fixture.bucket) == nil)
    }

    @Test func everyoneInTheBucketPolicyGrantsSameAccountIdentitiesDirectly() throws {
        let policy = Fixture.bucketPolicy(principal: #""*""#)
        #expect(try scenario(owner: Fixture.a, bucketPolicy: policy).reacher(roleA, of: Fixture.bucket) != nil)
        // Cross-account, the identity Allow is still needed (R4.1).
        #expect(try scenario(owner: Fixture.b, bucketPolicy: policy).reacher(roleA, of: Fixture.bucket) == nil)
    }

    @Test func accountThatWasNotImportedReachesConditionally() throws {
        let scenario = try scenario(owner: Fixture.b, bucketPolicy: naming(Fixture.external))
        let outsider = try #require(try scenario.reacher(Fixture.root(Fixture.external), of: Fixture.bucket))
        #expect(outsider.caveats.contains { $0.condition.contains("333333333333") })
    }

    @Test func canonicalUserPrincipalIsReportedAsUnresolved() throws {
        let policy = Fixture.bucketPolicy(
            principal: #"{"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}"#
        )
        let report = try scenario(owner: Fixture.b, bucketPolicy: policy).reach(Fixture.bucket)
        #expect(report.warnings.contains { $0.contains("CanonicalUser") })
        // Nearest setup that must not: no CanonicalUser, no such warning.
        let plain = try scenario(owner: Fixture.b, bucketPolicy: naming(Fixture.external)).reach(Fixture.bucket)
        #expect(!plain.warnings.contains { $0.contains("CanonicalUser") })
    }
}
