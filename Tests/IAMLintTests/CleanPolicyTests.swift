import Testing

@testable import IAMLint

/// Policies written the way AWS documents them must produce no finding at
/// all, whichever rule might be tempted: false alarms teach people to
/// ignore the linter.
@Suite struct CleanPolicyTests {
    typealias T = LintTesting

    @Test(arguments: [
        // GitHub Actions, as GitHub and AWS document it.
        LintTesting.trust(
            principal: #"{"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}"#,
            action: "sts:AssumeRoleWithWebIdentity",
            condition: #"""
                {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                 "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}
                """#
        ),
        // SAML federation with its audience.
        LintTesting.trust(
            principal: #"{"Federated": "arn:aws:iam::111111111111:saml-provider/Okta"}"#,
            action: "sts:AssumeRoleWithSAML, sts:TagSession",
            condition: #"{"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}"#
        ),
        // A vendor with an external id.
        LintTesting.trust(
            principal: #"{"AWS": "arn:aws:iam::333333333333:root"}"#,
            condition: #"{"StringEquals": {"sts:ExternalId": "Unique-Id-From-Vendor"}}"#
        ),
        // A service with a confused-deputy guard.
        LintTesting.trust(
            principal: #"{"Service": "lambda.amazonaws.com"}"#,
            condition: #"{"StringEquals": {"aws:SourceAccount": "111111111111"}}"#
        ),
        // A same-account role named directly, with MFA.
        LintTesting.trust(
            principal: #"{"AWS": "arn:aws:iam::111111111111:role/Admin"}"#,
            condition: #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#
        ),
    ])
    func documentedTrustsAreClean(json: String) throws {
        #expect(try T.ruleIDs(json) == [])
    }

    @Test func documentedIdentityPolicyIsClean() throws {
        let json = #"""
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::example-bucket",
               "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}},
              {"Sid": "Objects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
               "Resource": "arn:aws:s3:::example-bucket/home/${aws:username}/*"},
              {"Sid": "Tags", "Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
               "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:TagKeys": "false"}}},
              {"Sid": "Regions", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
               "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}},
              {"Sid": "Hop", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::222222222222:role/Role_B"}
            ]}
            """#
        #expect(try T.ruleIDs(json, kind: .inline) == [])
    }

    @Test func sessionCapMistakeTripsOnlyTheTypeRule() throws {
        let json = T.trust(
            principal: #"{"AWS": "arn:aws:iam::111111111111:role/Caller"}"#,
            condition: #"{"NumericLessThan": {"aws:RequestedRegion": "3600"}}"#
        )
        #expect(try T.ruleIDs(json) == ["RC001"])
    }
}
