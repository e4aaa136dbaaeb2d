import Testing

@testable import IAMLint

/// RC001 (operator type) and RC002 (key not applicable to the actions).
@Suite struct ConditionRuleTests {
    typealias T = LintTesting

    // MARK: RC001

    @Test func numericOperatorOnRequestedRegionIsFlaggedWithSessionNote() throws {
        let json = T.trust(
            principal: #"{"AWS": "arn:aws:iam::111111111111:role/Caller"}"#,
            condition: #"{"NumericLessThan": {"aws:RequestedRegion": "3600"}}"#
        )
        let findings = try T.findings(ConditionTypeRule(), json)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.ruleID == "RC001")
        #expect(finding.severity == .medium)
        #expect(finding.message.contains("NumericLessThan compares aws:RequestedRegion as Numeric"))
        #expect(finding.message.contains("Region code"))
        #expect(finding.message.contains("MaxSessionDuration"))
        #expect(finding.message.contains("DurationSeconds"))
        #expect(finding.fix.contains("max-session-duration"))
        #expect(finding.documentation.hasPrefix("https://docs.aws.amazon.com/"))
    }

    @Test func stringOperatorOnRequestedRegionIsFine() throws {
        let json = T.trust(
            principal: #"{"AWS": "arn:aws:iam::111111111111:role/Caller"}"#,
            condition: #"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}}"#
        )
        #expect(try T.findings(ConditionTypeRule(), json).isEmpty)
    }

    @Test func stringOperatorOnNumericKeyIsFlaggedWithoutSessionNote() throws {
        let json = T.identity(
            action: "s3:GetObject",
            condition: #"{"StringEquals": {"aws:MultiFactorAuthAge": "3600"}}"#
        )
        let finding = try #require(try T.findings(ConditionTypeRule(), json, kind: .inline).first)
        #expect(finding.message.contains("as String"))
        #expect(finding.message.contains("Numeric"))
        #expect(finding.message.contains("this Allow it most likely grants nothing"))
        #expect(!finding.message.contains("MaxSessionDuration"))
    }

    @Test func numericOperatorOnNumericKeyIsFine() throws {
        let json = T.identity(
            action: "s3:GetObject",
            condition: #"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#
        )
        #expect(try T.findings(ConditionTypeRule(), json, kind: .inline).isEmpty)
    }

    @Test(arguments: [
        #"{"NumericLessThan": {"aws:EpochTime": "1700000000"}}"#,
        #"{"DateGreaterThan": {"aws:EpochTime": "2024-01-01T00:00:00Z"}}"#,
        #"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/ops-*"}}"#,
        #"{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/ops-*"}}"#,
        #"{"ForAnyValue:StringLike": {"aws:TagKeys": "team*"}}"#,
        #"{"StringEqualsIfExists": {"aws:PrincipalTag/team": "ops"}}"#,
        #"{"Null": {"aws:SourceIp": "true"}}"#,
        #"{"NumericLessThan": {"vendor:UnknownKey": "1"}}"#,
    ])
    func acceptedCombinations(condition: String) throws {
        let json = T.identity(action: "s3:GetObject", condition: condition)
        #expect(try T.findings(ConditionTypeRule(), json, kind: .inline).isEmpty)
    }

    @Test(arguments: [
        #"{"ArnLike": {"aws:SourceAccount": "111111111111"}}"#,
        #"{"ForAnyValue:NumericEquals": {"aws:TagKeys": "1"}}"#,
        #"{"Bool": {"aws:SourceIp": "true"}}"#,
        #"{"IpAddress": {"aws:SourceVpce": "10.0.0.0/8"}}"#,
        #"{"DateLessThan": {"aws:MultiFactorAuthAge": "2024-01-01T00:00:00Z"}}"#,
    ])
    func rejectedCombinations(condition: String) throws {
        let json = T.identity(action: "s3:GetObject", condition: condition)
        #expect(try T.findings(ConditionTypeRule(), json, kind: .inline).map(\.ruleID) == ["RC001"])
    }

    @Test func mismatchInDenySaysItNeverApplies() throws {
        let json = T.identity(
            action: "s3:GetObject",
            condition: #"{"NumericEquals": {"aws:SourceVpce": "1"}}"#,
            effect: "Deny"
        )
        let finding = try #require(try T.findings(ConditionTypeRule(), json, kind: .inline).first)
        #expect(finding.message.contains("this Deny it most likely never applies"))
    }

    // MARK: RC002

    @Test func keyOfAnotherActionIsFlagged() throws {
        let json = T.identity(action: "s3:GetObject", condition: #"{"StringLike": {"s3:prefix": "home/*"}}"#)
        let finding = try #require(try T.findings(ConditionKeyRule(), json, kind: .inline).first)
        #expect(finding.ruleID == "RC002")
        #expect(finding.severity == .medium)
        #expect(finding.message.contains("s3:prefix is not a global key and is not documented for s3:GetObject"))
        #expect(finding.message.contains("this Allow never applies"))
    }

    @Test func keyOfTheActionIsFine() throws {
        let json = T.identity(action: "s3:ListBucket", condition: #"{"StringLike": {"s3:prefix": "home/*"}}"#)
        #expect(try T.findings(ConditionKeyRule(), json, kind: .inline).isEmpty)
    }

    @Test func keyValidForAnyOfTheActionsIsFine() throws {
        let json = T.identity(
            action: "s3:GetObject, s3:ListBucket",
            condition: #"{"StringLike": {"s3:prefix": "home/*"}}"#
        )
        #expect(try T.findings(ConditionKeyRule(), json, kind: .inline).isEmpty)
    }

    @Test func wildcardActionsAreExpanded() throws {
        let listing = T.identity(action: "s3:List*", condition: #"{"StringLike": {"s3:prefix": "home/*"}}"#)
        #expect(try T.findings(ConditionKeyRule(), listing, kind: .inline).isEmpty)
        let getting = T.identity(action: "s3:Get*", condition: #"{"StringLike": {"s3:prefix": "home/*"}}"#)
        let finding = try #require(try T.findings(ConditionKeyRule(), getting, kind: .inline).first)
        #expect(finding.message.contains("actions matched by s3:Get*"))
    }

    @Test(arguments: [
        LintTesting.identity(action: "s3:GetObject", condition: #"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#),
        LintTesting.identity(action: "s3:GetObject", condition: #"{"StringEquals": {"aws:PrincipalTag/team": "ops"}}"#),
        LintTesting.identity(action: "*", condition: #"{"StringLike": {"s3:prefix": "home/*"}}"#),
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "x"}}}]}"#,
        LintTesting.identity(action: "vendor:DoThing", condition: #"{"StringLike": {"s3:prefix": "x"}}"#),
        LintTesting.identity(action: "sts:AssumeRole", condition: #"{"StringEquals": {"sts:ExternalId": "abc"}}"#),
    ])
    func notFlagged(json: String) throws {
        #expect(try T.findings(ConditionKeyRule(), json, kind: .inline).isEmpty)
    }

    @Test func identityProviderClaimsAreNotUnknownKeys() throws {
        let json = T.trust(
            principal: #"{"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}"#,
            action: "sts:AssumeRoleWithWebIdentity",
            condition:
                #"{"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}"#
        )
        #expect(try T.findings(ConditionKeyRule(), json).isEmpty)
    }

    @Test func misspelledGlobalKeyIsCalledATypo() throws {
        let json = T.identity(action: "s3:GetObject", condition: #"{"StringEquals": {"aws:PrincipleOrgID": "o-1"}}"#)
        let finding = try #require(try T.findings(ConditionKeyRule(), json, kind: .inline).first)
        #expect(finding.message.contains("AWS documents no condition key aws:PrincipleOrgID"))
    }

    @Test func negatedOperatorInDenyAppliesToEveryRequest() throws {
        let json = T.identity(
            action: "s3:GetObject",
            condition: #"{"StringNotEquals": {"sts:ExternalId": "x"}}"#,
            effect: "Deny"
        )
        let finding = try #require(try T.findings(ConditionKeyRule(), json, kind: .inline).first)
        #expect(finding.message.contains("this Deny applies to every request it matches"))
    }
}
