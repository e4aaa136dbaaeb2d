import Testing

@testable import IAMLint

/// RC005 (OIDC audience), RC006 (GitHub repository), RC007 (federated action).
@Suite struct FederationRuleTests {
    typealias T = LintTesting

    static let github = #"{"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}"#
    static let webIdentity = "sts:AssumeRoleWithWebIdentity"
    static let audience = #""token.actions.githubusercontent.com:aud": "sts.amazonaws.com""#

    static func gitHubTrust(_ conditionBody: String?) -> String {
        T.trust(principal: github, action: webIdentity, condition: conditionBody.map { "{\($0)}" })
    }

    // MARK: RC005

    @Test func gitHubWithoutAudienceIsHigh() throws {
        let json = Self.gitHubTrust(#""StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}"#)
        let findings = try T.findings(OIDCAudienceRule(), json)
        #expect(findings.map(\.ruleID) == ["RC005"])
        #expect(findings.first?.severity == .high)
        #expect(findings.first?.message.contains("token.actions.githubusercontent.com:aud") == true)
    }

    @Test func audienceConditionSilencesIt() throws {
        let json = Self.gitHubTrust(#""StringEquals": {\#(Self.audience)}"#)
        #expect(try T.findings(OIDCAudienceRule(), json).isEmpty)
    }

    @Test func cognitoWithoutIdentityPoolIsFlaggedAndWithItIsNot() throws {
        let principal = #"{"Federated": "cognito-identity.amazonaws.com"}"#
        let open = T.trust(principal: principal, action: Self.webIdentity)
        #expect(
            try T.findings(OIDCAudienceRule(), open).first?.message.contains("cognito-identity.amazonaws.com:aud")
                == true
        )
        let pinned = T.trust(
            principal: principal,
            action: Self.webIdentity,
            condition: #"{"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:1111-2222"}}"#
        )
        #expect(try T.findings(OIDCAudienceRule(), pinned).isEmpty)
    }

    @Test func eksProviderUsesItsFullIssuerAsKeyPrefix() throws {
        let principal =
            #"{"Federated": "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}"#
        let pinned = T.trust(
            principal: principal,
            action: Self.webIdentity,
            condition: #"{"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com"}}"#
        )
        #expect(try T.findings(OIDCAudienceRule(), pinned).isEmpty)
        let wrongProvider = T.trust(
            principal: principal,
            action: Self.webIdentity,
            condition: #"{"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/XYZ:aud": "sts.amazonaws.com"}}"#
        )
        #expect(try T.findings(OIDCAudienceRule(), wrongProvider).count == 1)
    }

    // MARK: RC006

    @Test func gitHubWithoutSubjectIsHigh() throws {
        let json = Self.gitHubTrust(#""StringEquals": {\#(Self.audience)}"#)
        let finding = try #require(try T.findings(GitHubSubjectRule(), json).first)
        #expect(finding.ruleID == "RC006")
        #expect(finding.severity == .high)
        #expect(finding.message.contains("any repository of any GitHub user"))
    }

    @Test(arguments: ["*", "repo:*", "repo:*/*:*", "repo:acme*/app:*", "?*", "repository_owner:*:ref:main"])
    func wildcardOwnerIsFlagged(subject: String) throws {
        let json = Self.gitHubTrust(
            #""StringEquals": {\#(Self.audience)}, "StringLike": {"token.actions.githubusercontent.com:sub": "\#(subject)"}"#
        )
        let finding = try #require(try T.findings(GitHubSubjectRule(), json).first)
        #expect(finding.message.contains("wildcard where the repository owner goes"))
    }

    @Test(arguments: [
        #""StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}"#,
        #""StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}"#,
        #""StringEquals": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}"#,
        #""StringEquals": {"token.actions.githubusercontent.com:sub": "repo:*"}"#,
        #""ForAnyValue:StringLike": {"token.actions.githubusercontent.com:sub": ["repo:acme/a:*", "repo:acme/b:*"]}"#,
    ])
    func pinnedOwnerIsFine(subjectClause: String) throws {
        // RC006 looks at the subject only; the audience is RC005's business.
        #expect(try T.findings(GitHubSubjectRule(), Self.gitHubTrust(subjectClause)).isEmpty)
    }

    @Test func negatedSubjectDoesNotPinTheRepository() throws {
        let json = Self.gitHubTrust(
            #""StringEquals": {\#(Self.audience)}, "StringNotLike": {"token.actions.githubusercontent.com:sub": "repo:evil/*"}"#
        )
        #expect(try T.findings(GitHubSubjectRule(), json).count == 1)
    }

    @Test func otherProvidersAreNotGitHub() throws {
        let json = T.trust(
            principal: #"{"Federated": "arn:aws:iam::111111111111:oidc-provider/gitlab.com"}"#,
            action: Self.webIdentity,
            condition: #"{"StringEquals": {"gitlab.com:aud": "https://gitlab.com"}}"#
        )
        #expect(try T.findings(GitHubSubjectRule(), json).isEmpty)
    }

    // MARK: RC007

    @Test func samlProviderWithAssumeRoleIsFlagged() throws {
        let json = T.trust(principal: #"{"Federated": "arn:aws:iam::111111111111:saml-provider/Okta"}"#)
        let finding = try #require(try T.findings(FederatedActionRule(), json).first)
        #expect(finding.ruleID == "RC007")
        #expect(finding.message.contains("sts:AssumeRoleWithSAML"))
    }

    @Test func samlProviderWithItsActionIsFine() throws {
        let json = T.trust(
            principal: #"{"Federated": "arn:aws:iam::111111111111:saml-provider/Okta"}"#,
            action: "sts:AssumeRoleWithSAML, sts:TagSession"
        )
        #expect(try T.findings(FederatedActionRule(), json).isEmpty)
    }

    @Test func oidcProviderWithSamlActionIsFlaggedAndWithWebIdentityIsNot() throws {
        let wrong = T.trust(principal: Self.github, action: "sts:AssumeRoleWithSAML")
        #expect(try T.findings(FederatedActionRule(), wrong).first?.message.contains(Self.webIdentity) == true)
        let right = T.trust(principal: Self.github, action: "sts:AssumeRoleWith*")
        #expect(try T.findings(FederatedActionRule(), right).isEmpty)
    }

    @Test func wrongActionIsNotAlsoReportedAsMissingAudience() throws {
        let json = T.trust(principal: Self.github, action: "sts:AssumeRole")
        #expect(try T.ruleIDs(json) == ["RC007"])
    }
}
