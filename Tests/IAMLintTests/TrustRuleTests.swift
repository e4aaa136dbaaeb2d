import Testing

@testable import IAMLint

/// RC003 (open trust), RC004 (unknown account without ExternalId),
/// RC011 (deleted principal), RC012 (self-trust), RC014 (own account).
@Suite struct TrustRuleTests {
    typealias T = LintTesting

    // MARK: RC003

    @Test(arguments: [#""*""#, #"{"AWS": "*"}"#, #"{"AWS": ["arn:aws:iam::111111111111:role/A", "*"]}"#])
    func trustOpenToEveryoneIsCritical(principal: String) throws {
        let findings = try T.findings(OpenTrustRule(), T.trust(principal: principal))
        #expect(findings.map(\.ruleID) == ["RC003"])
        #expect(findings.first?.severity == .critical)
    }

    @Test(arguments: [
        #"{"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}"#,
        #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/ops-*"}}"#,
        #"{"StringEquals": {"aws:PrincipalAccount": "111111111111"}}"#,
        #"{"StringEquals": {"sts:ExternalId": "s3cret"}}"#,
        #"{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc/r-1/ou-2/*"}}"#,
    ])
    func conditionThatPinsTheCallerSilencesIt(condition: String) throws {
        #expect(try T.findings(OpenTrustRule(), T.trust(principal: #""*""#, condition: condition)).isEmpty)
    }

    @Test(arguments: [
        #"{"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}"#,
        #"{"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}"#,
        #"{"StringLike": {"aws:PrincipalArn": "*"}}"#,
        #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
    ])
    func conditionThatDoesNotPinTheCallerDoesNot(condition: String) throws {
        let finding = try #require(
            try T.findings(OpenTrustRule(), T.trust(principal: #""*""#, condition: condition)).first
        )
        #expect(finding.message.contains("do not identify the caller"))
    }

    @Test func namedPrincipalOrDenyOrBucketIsNotAnOpenTrust() throws {
        #expect(
            try T.findings(OpenTrustRule(), T.trust(principal: #"{"AWS": "arn:aws:iam::111111111111:role/A"}"#)).isEmpty
        )
        #expect(try T.findings(OpenTrustRule(), T.trust(principal: #""*""#, effect: "Deny")).isEmpty)
        #expect(try T.findings(OpenTrustRule(), T.trust(principal: #""*""#), kind: .bucket, principal: "b").isEmpty)
    }

    // MARK: RC004

    @Test(arguments: ["333333333333", "arn:aws:iam::333333333333:root", "arn:aws:iam::333333333333:role/Vendor"])
    func unknownAccountWithoutExternalIdIsFlagged(principal: String) throws {
        let finding = try #require(
            try T.findings(ExternalAccountTrustRule(), T.trust(principal: #"{"AWS": "\#(principal)"}"#)).first
        )
        #expect(finding.ruleID == "RC004")
        #expect(finding.severity == .medium)
        #expect(finding.message.contains("account 333333333333"))
        #expect(finding.message.contains("outside the imported accounts"))
    }

    @Test func externalIdSilencesIt() throws {
        let json = T.trust(
            principal: #"{"AWS": "arn:aws:iam::333333333333:root"}"#,
            condition: #"{"StringEquals": {"sts:ExternalId": "vendor-issued-id"}}"#
        )
        #expect(try T.findings(ExternalAccountTrustRule(), json).isEmpty)
    }

    @Test func knownAccountsAreNotExternal() throws {
        let json = T.trust(
            principal: #"{"AWS": ["arn:aws:iam::111111111111:role/A", "arn:aws:iam::444444444444:role/B"]}"#
        )
        let imported = LintContext(knownAccounts: KnownAccounts(imported: ["111111111111", "444444444444"]))
        #expect(try T.findings(ExternalAccountTrustRule(), json, context: imported).isEmpty)
        let organization = LintContext(
            knownAccounts: KnownAccounts(imported: ["111111111111"], organization: ["444444444444"])
        )
        #expect(try T.findings(ExternalAccountTrustRule(), json, context: organization).isEmpty)
        let onlyOwn = LintContext(knownAccounts: KnownAccounts(imported: []))
        let finding = try #require(try T.findings(ExternalAccountTrustRule(), json, context: onlyOwn).first)
        #expect(finding.message.contains("account 444444444444 assume"))
    }

    @Test func organizationScopeIsNamedInTheMessage() throws {
        let context = LintContext(
            knownAccounts: KnownAccounts(imported: ["111111111111"], organization: ["555555555555"])
        )
        let json = T.trust(principal: #"{"AWS": "333333333333"}"#)
        let finding = try #require(try T.findings(ExternalAccountTrustRule(), json, context: context).first)
        #expect(finding.message.contains("the imported accounts or the organization"))
    }

    // MARK: RC011

    @Test func uniqueIdOfDeletedRoleIsFlagged() throws {
        let json = T.trust(principal: #"{"AWS": "AROAEXAMPLEDELETED01"}"#)
        let finding = try #require(try T.findings(DeletedPrincipalRule(), json).first)
        #expect(finding.ruleID == "RC011")
        #expect(finding.severity == .low)
        #expect(finding.message.contains("once a role is deleted"))
    }

    @Test func uniqueIdOfAnExistingPrincipalIsNot() throws {
        let json = T.trust(principal: #"{"AWS": "AROAEXAMPLEDELETED01"}"#)
        let context = LintContext(knownUniqueIDs: ["AROAEXAMPLEDELETED01"])
        #expect(try T.findings(DeletedPrincipalRule(), json, context: context).isEmpty)
        #expect(try T.findings(DeletedPrincipalRule(), T.trust(principal: #"{"AWS": "111111111111"}"#)).isEmpty)
    }

    @Test func bucketPoliciesAreCheckedForDeletedUsers() throws {
        let json = #"""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "AIDAEXAMPLEDELETED01"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
            """#
        let finding = try #require(try T.findings(DeletedPrincipalRule(), json, kind: .bucket, principal: "b").first)
        #expect(finding.message.contains("once a user is deleted"))
    }

    // MARK: RC012

    @Test func roleTrustingItselfIsInfo() throws {
        let finding = try #require(
            try T.findings(SelfTrustRule(), T.trust(principal: #"{"AWS": "\#(T.roleARN)"}"#)).first
        )
        #expect(finding.ruleID == "RC012")
        #expect(finding.severity == .info)
    }

    @Test func trustingAnotherRoleIsNotSelfTrust() throws {
        #expect(
            try T.findings(SelfTrustRule(), T.trust(principal: #"{"AWS": "arn:aws:iam::111111111111:role/Other"}"#))
                .isEmpty
        )
    }

    // MARK: RC014

    @Test(arguments: ["111111111111", "arn:aws:iam::111111111111:root"])
    func ownAccountTrustIsExplained(principal: String) throws {
        let finding = try #require(
            try T.findings(AccountRootTrustRule(), T.trust(principal: #"{"AWS": "\#(principal)"}"#)).first
        )
        #expect(finding.ruleID == "RC014")
        #expect(finding.severity == .info)
        #expect(finding.message.contains("not the root user"))
        #expect(finding.message.contains("identity policy allows sts:AssumeRole"))
    }

    @Test func otherAccountRootOrRoleArnIsNot() throws {
        #expect(
            try T.findings(AccountRootTrustRule(), T.trust(principal: #"{"AWS": "arn:aws:iam::222222222222:root"}"#))
                .isEmpty
        )
        #expect(
            try T.findings(AccountRootTrustRule(), T.trust(principal: #"{"AWS": "arn:aws:iam::111111111111:role/A"}"#))
                .isEmpty
        )
    }
}
