import Testing

@testable import IAMLint

/// RC008 (Allow + NotPrincipal), RC009 (ForAllValues in Allow), RC010
/// (variables without Version 2012-10-17), RC013 (AssumeRole on "*").
@Suite struct StatementRuleTests {
    typealias T = LintTesting

    static func bucketStatement(_ body: String, version: String = #""Version": "2012-10-17", "#) -> String {
        #"{\#(version)"Statement": [{\#(body)}]}"#
    }

    // MARK: RC008

    @Test func allowWithNotPrincipalIsHigh() throws {
        let json = Self.bucketStatement(
            #""Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:role/A"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*""#
        )
        let finding = try #require(try T.findings(NotPrincipalAllowRule(), json, kind: .bucket, principal: "b").first)
        #expect(finding.ruleID == "RC008")
        #expect(finding.severity == .high)
        #expect(finding.message.contains("every principal except arn:aws:iam::111111111111:role/A"))
    }

    @Test func denyWithNotPrincipalIsTheIntendedUse() throws {
        let json = Self.bucketStatement(
            #""Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:role/A"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*""#
        )
        #expect(try T.findings(NotPrincipalAllowRule(), json, kind: .bucket, principal: "b").isEmpty)
    }

    // MARK: RC009

    @Test func forAllValuesInAllowIsFlagged() throws {
        let json = T.identity(
            action: "ec2:CreateTags",
            condition: #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}"#
        )
        let finding = try #require(try T.findings(ForAllValuesAllowRule(), json, kind: .inline).first)
        #expect(finding.ruleID == "RC009")
        #expect(finding.message.contains("carries no aws:TagKeys"))
    }

    @Test func forAllValuesWithNullGuardIsFine() throws {
        let json = T.identity(
            action: "ec2:CreateTags",
            condition:
                #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}, "Null": {"aws:TagKeys": "false"}}"#
        )
        #expect(try T.findings(ForAllValuesAllowRule(), json, kind: .inline).isEmpty)
    }

    @Test func forAllValuesInDenyOrForAnyValueInAllowIsFine() throws {
        let deny = T.identity(
            action: "ec2:CreateTags",
            condition: #"{"ForAllValues:StringEquals": {"aws:TagKeys": "team"}}"#,
            effect: "Deny"
        )
        #expect(try T.findings(ForAllValuesAllowRule(), deny, kind: .inline).isEmpty)
        let anyValue = T.identity(
            action: "ec2:CreateTags",
            condition: #"{"ForAnyValue:StringEquals": {"aws:TagKeys": "team"}}"#
        )
        #expect(try T.findings(ForAllValuesAllowRule(), anyValue, kind: .inline).isEmpty)
    }

    // MARK: RC010

    @Test(arguments: [nil, "2008-10-17"])
    func variablesWithoutCurrentVersionAreLiteral(version: String?) throws {
        let json = T.identity(action: "s3:GetObject", resource: "arn:aws:s3:::b/${aws:username}/*", version: version)
        let finding = try #require(try T.findings(PolicyVariableVersionRule(), json, kind: .inline).first)
        #expect(finding.ruleID == "RC010")
        #expect(finding.message.contains(version.map { "Version \($0)" } ?? "no Version"))
        #expect(finding.message.contains("${aws:username}"))
    }

    @Test func variablesInConditionValuesCountToo() throws {
        let json = T.identity(
            action: "s3:ListBucket",
            resource: "arn:aws:s3:::b",
            condition: #"{"StringLike": {"s3:prefix": "home/${aws:username}/*"}}"#,
            version: nil
        )
        #expect(try T.findings(PolicyVariableVersionRule(), json, kind: .inline).count == 1)
    }

    @Test func currentVersionOrNoVariablesIsFine() throws {
        let current = T.identity(action: "s3:GetObject", resource: "arn:aws:s3:::b/${aws:username}/*")
        #expect(try T.findings(PolicyVariableVersionRule(), current, kind: .inline).isEmpty)
        let plain = T.identity(action: "s3:GetObject", resource: "arn:aws:s3:::b/*", version: "2008-10-17")
        #expect(try T.findings(PolicyVariableVersionRule(), plain, kind: .inline).isEmpty)
    }

    // MARK: RC013

    @Test(arguments: [
        ("sts:AssumeRole", "*"), ("sts:*", "*"), ("STS:assume*", "*"), ("sts:AssumeRole", "arn:aws:iam::*:role/*"),
    ])
    func assumeRoleOnEveryRoleIsFlagged(action: String, resource: String) throws {
        let json = T.identity(action: action, resource: resource)
        let finding = try #require(try T.findings(AssumeRoleAnyResourceRule(), json, kind: .inline).first)
        #expect(finding.ruleID == "RC013")
        #expect(finding.severity == .medium)
    }

    @Test func assumeRoleOnNamedRolesIsFine() throws {
        let json = T.identity(action: "sts:AssumeRole", resource: "arn:aws:iam::222222222222:role/Role_B")
        #expect(try T.findings(AssumeRoleAnyResourceRule(), json, kind: .inline).isEmpty)
    }

    @Test func resourceAccountConditionConfinesIt() throws {
        let json = T.identity(
            action: "sts:AssumeRole",
            condition: #"{"StringEquals": {"aws:ResourceAccount": "111111111111"}}"#
        )
        #expect(try T.findings(AssumeRoleAnyResourceRule(), json, kind: .inline).isEmpty)
    }

    @Test func otherActionsOrResourcePoliciesAreNotChecked() throws {
        #expect(try T.findings(AssumeRoleAnyResourceRule(), T.identity(action: "*"), kind: .inline).isEmpty)
        #expect(
            try T.findings(AssumeRoleAnyResourceRule(), T.identity(action: "sts:GetCallerIdentity"), kind: .inline)
                .isEmpty
        )
        #expect(
            try T.findings(
                AssumeRoleAnyResourceRule(),
                T.identity(action: "sts:AssumeRole", effect: "Deny"),
                kind: .inline
            ).isEmpty
        )
        #expect(try T.findings(AssumeRoleAnyResourceRule(), T.identity(action: "sts:AssumeRole"), kind: .scp).isEmpty)
    }
}
