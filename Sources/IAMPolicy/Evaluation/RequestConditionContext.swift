/// The condition keys a snapshot can decide for one request (R7.1): the
/// principal's ARN, account, type, ids, tags and organization; the
/// resource's account. Everything else — network, MFA, time, and values
/// the caller chooses such as `sts:ExternalId` — stays unknown.
public struct RequestConditionContext: ConditionContext {
    public var principal: RequestPrincipal
    public var resourceAccount: String?
    public var resourceOrganizationID: String?

    public init(principal: RequestPrincipal, resourceAccount: String? = nil, resourceOrganizationID: String? = nil) {
        self.principal = principal
        self.resourceAccount = resourceAccount
        self.resourceOrganizationID = resourceOrganizationID
    }

    public func value(forKey key: String) -> ConditionKeyValue {
        let lowered = key.lowercased()
        if lowered.hasPrefix("aws:principaltag/") {
            return principalTag(String(lowered.dropFirst("aws:principaltag/".count)))
        }
        let isIdentity = principal.isIdentity || principal.isRootUser
        switch lowered {
        case "aws:principalarn":
            return isIdentity ? .present([principal.arn]) : (principal.kind == .service ? .absent : .unknown)
        case "aws:principalaccount":
            if principal.kind == .service { return .absent }
            return principal.accountID.map { .present([$0]) } ?? .unknown
        case "aws:principaltype":
            if principal.isRootUser { return .present(["Account"]) }
            switch principal.kind {
            case .user: return .present(["User"])
            case .role: return .present(["AssumedRole"])
            case .service: return .absent
            default: return .unknown
            }
        case "aws:principalisawsservice":
            switch principal.kind {
            case .service: return .present(["true"])
            case .user, .role, .account, .federated: return .present(["false"])
            case .anyone: return .unknown
            }
        case "aws:principalservicename":
            switch principal.kind {
            case .service: return .present([principal.arn])
            case .user, .role: return .absent
            default: return .unknown
            }
        case "aws:username":
            switch principal.kind {
            case .user: return principal.name.map { .present([$0]) } ?? .unknown
            case .role, .service: return .absent
            default: return .unknown
            }
        case "aws:userid":
            // A role session's userid is "ROLEID:session-name": the session part is the caller's choice.
            if principal.kind == .user { return principal.uniqueID.map { .present([$0]) } ?? .unknown }
            if principal.kind == .service { return .absent }
            return .unknown
        case "aws:principalorgid", "aws:principalorgpaths":
            if principal.kind == .service { return .absent }
            switch principal.organization {
            case .unknown: return .unknown
            case .none: return .absent
            case .member(let organizationID, let paths):
                return lowered == "aws:principalorgid" ? .present([organizationID]) : .present(paths)
            }
        case "aws:resourceaccount":
            return resourceAccount.map { .present([$0]) } ?? .unknown
        case "aws:resourceorgid":
            return resourceOrganizationID.map { .present([$0]) } ?? .unknown
        default:
            return .unknown
        }
    }

    private func principalTag(_ tagKey: String) -> ConditionKeyValue {
        switch principal.kind {
        case .user, .role:
            return principal.tags[tagKey].map { .present([$0]) } ?? .absent
        case .service:
            return .absent
        default:
            return .unknown
        }
    }
}
