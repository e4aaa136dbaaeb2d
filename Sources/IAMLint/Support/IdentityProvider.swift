import IAMPolicy

/// A `Federated` principal value classified by how AWS signs its users in
/// (R5.8): SAML providers through `sts:AssumeRoleWithSAML`, OIDC providers
/// and the well-known web identity providers through
/// `sts:AssumeRoleWithWebIdentity`, whose trust conditions use keys named
/// after the provider (`<host>:aud`, `<host>:sub`).
enum IdentityProvider: Equatable {
    case saml(arn: String)
    /// `host` is the condition-key prefix: the provider URL without
    /// `https://`, path included (`oidc.eks.eu-west-1.amazonaws.com/id/ABC`).
    case webIdentity(host: String)
    case unknown

    static let samlAction = "sts:AssumeRoleWithSAML"
    static let webIdentityAction = "sts:AssumeRoleWithWebIdentity"
    static let gitHubHost = "token.actions.githubusercontent.com"

    /// Providers AWS names by host instead of an `oidc-provider` ARN, with
    /// the key that carries the audience (the app or pool the token was
    /// issued for); AWS documents `app_id` for Facebook and Login with Amazon.
    private static let wellKnownAudienceKeys: [String: String] = [
        "cognito-identity.amazonaws.com": "aud",
        "accounts.google.com": "aud",
        "graph.facebook.com": "app_id",
        "www.amazon.com": "app_id",
    ]

    init(_ value: String) {
        if let arn = ARN(value), arn.service == "iam" {
            if arn.resource.hasPrefix("saml-provider/") {
                self = .saml(arn: value)
            } else if arn.resource.hasPrefix("oidc-provider/") {
                self = .webIdentity(host: String(arn.resource.dropFirst("oidc-provider/".count)))
            } else {
                self = .unknown
            }
        } else if Self.wellKnownAudienceKeys[value.lowercased()] != nil {
            self = .webIdentity(host: value.lowercased())
        } else {
            self = .unknown
        }
    }

    /// The STS action a login through this provider calls.
    var requiredAction: String? {
        switch self {
        case .saml: Self.samlAction
        case .webIdentity: Self.webIdentityAction
        case .unknown: nil
        }
    }

    /// The condition key naming the audience, for web identity providers.
    var audienceKey: String? {
        guard case .webIdentity(let host) = self else { return nil }
        return host + ":" + (Self.wellKnownAudienceKeys[host] ?? "aud")
    }

    /// GitHub Actions (github.com, or a GitHub Enterprise issuer under the same host).
    var isGitHubActions: Bool {
        guard case .webIdentity(let host) = self else { return false }
        let lowered = host.lowercased()
        return lowered == Self.gitHubHost || lowered.hasPrefix(Self.gitHubHost + "/")
    }

    var subjectKey: String? {
        guard case .webIdentity(let host) = self else { return nil }
        return host + ":sub"
    }

    /// How messages name the provider.
    var displayName: String {
        switch self {
        case .saml(let arn): "SAML provider \(arn)"
        case .webIdentity(let host): isGitHubActions ? "GitHub Actions (\(host))" : "OIDC provider \(host)"
        case .unknown: "an unrecognised provider"
        }
    }

    /// Condition keys named after an identity provider (`host:claim`): the
    /// Service Authorization Reference cannot list them for custom OIDC
    /// providers, so RC002 must not call them unknown. A key whose prefix
    /// contains a dot is such a key; service prefixes never do.
    static func isProviderClaimKey(_ key: String) -> Bool {
        guard let colon = key.firstIndex(of: ":") else { return false }
        return key[..<colon].contains(".")
    }
}
