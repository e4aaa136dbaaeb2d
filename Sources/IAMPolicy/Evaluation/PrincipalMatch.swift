/// How a resource policy's `Principal` names a caller. The distinction
/// matters: a same-account trust that names the caller itself is enough on
/// its own, one that names its account needs the caller's identity Allow
/// too (R5.2, R5.3), and boundaries limit some forms and not others (R3.4).
public enum PrincipalMatch: Sendable, Hashable {
    /// The caller's own user or role ARN (or its unique id).
    case named
    /// A session of the caller's role, by session name (R5.5): only that session.
    case session(String)
    /// The caller's account (`"111111111111"` or `arn:aws:iam::111111111111:root`).
    case account
    /// `"*"`: every principal.
    case everyone
    /// The caller is this service principal.
    case service
    /// The caller is this identity provider.
    case federated

    /// Forms that name the caller itself rather than delegating to its account.
    public var namesCallerDirectly: Bool {
        switch self {
        case .named, .session, .everyone, .service, .federated: true
        case .account: false
        }
    }

    /// Which match counts when several values of one `Principal` match: a
    /// direct name beats a session, which beats `*`, which beats the account.
    var strength: Int {
        switch self {
        case .named, .service, .federated: 4
        case .everyone: 3
        case .session: 2
        case .account: 1
        }
    }
}

extension PrincipalSet {
    /// The strongest way this set names `caller`, or `nil` when it does not.
    public func match(_ caller: RequestPrincipal) -> PrincipalMatch? {
        match(caller, index: nil)
    }

    /// As ``match(_:)``, with the `AWS` values looked up in a prebuilt index.
    func match(_ caller: RequestPrincipal, index: AWSPrincipalIndex?) -> PrincipalMatch? {
        var best: PrincipalMatch?
        func consider(_ match: PrincipalMatch) {
            if best == nil || match.strength > (best?.strength ?? 0) { best = match }
        }
        switch caller.kind {
        // `"*"` is every principal, services and identity providers included
        // (semantics.md R2.3, R2.11/R7.1 and checklist 41: a bucket
        // `Deny Principal * StringNotEquals aws:PrincipalOrgID` denies service
        // principals, for which the key is absent). Before, `*` matched only
        // IAM identities and anyone, so such a Deny never reached a service.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html ("All principals")
        case .service:
            if isEveryone { consider(.everyone) }
            if service.contains(where: { $0.caseInsensitiveEquals(caller.arn) }) { consider(.service) }
        case .federated:
            if isEveryone { consider(.everyone) }
            if federated.contains(caller.arn) { consider(.federated) }
        case .anyone:
            if isEveryone { consider(.everyone) }
        case .account, .user, .role:
            if isEveryone { consider(.everyone) }
            if let index {
                if let match = index.match(caller) { consider(match) }
            } else {
                for value in aws where value != "*" {
                    if let match = Self.match(awsValue: value, caller: caller) { consider(match) }
                }
            }
        }
        return best
    }

    private static func match(awsValue value: String, caller: RequestPrincipal) -> PrincipalMatch? {
        if ARN.isAccountID(value) { return value == caller.accountID ? .account : nil }
        if ARN.isUniqueID(value) { return caller.uniqueID == value ? .named : nil }
        guard let arn = ARN(value), arn.partition == caller.partition, arn.account == caller.accountID else {
            return nil
        }
        if arn.isAccountRoot { return .account }
        guard caller.kind != .account else { return nil }
        if value == caller.arn { return .named }
        if caller.kind == .role, let session = arn.assumedRole, session.roleName == caller.name {
            return .session(session.sessionName)
        }
        return nil
    }
}

/// A `Principal` element's `AWS` values sorted for lookup, built once per
/// statement: a trust that lists hundreds of role ARNs is matched against
/// thousands of callers during derivation.
struct AWSPrincipalIndex: Sendable {
    private var exact: Set<String> = []
    private var accounts: Set<String> = []
    private var sessions: [(arn: ARN, roleName: String, sessionName: String)] = []

    init(_ set: PrincipalSet) {
        for value in set.aws where value != "*" {
            if ARN.isAccountID(value) {
                accounts.insert(value)
            } else if ARN.isUniqueID(value) {
                exact.insert(value)
            } else if let arn = ARN(value) {
                if arn.isAccountRoot {
                    accounts.insert(arn.partition + ":" + arn.account)
                } else if let session = arn.assumedRole {
                    sessions.append((arn, session.roleName, session.sessionName))
                } else {
                    exact.insert(value)
                }
            }
        }
    }

    /// The same answer as ``PrincipalSet/match(_:)`` for `AWS` values.
    func match(_ caller: RequestPrincipal) -> PrincipalMatch? {
        guard let account = caller.accountID else { return nil }
        if caller.kind != .account, exact.contains(caller.arn) || caller.uniqueID.map(exact.contains) == true {
            return .named
        }
        if caller.kind == .role,
            let session = sessions.first(where: {
                $0.arn.partition == caller.partition && $0.arn.account == account && $0.roleName == caller.name
            })
        {
            return .session(session.sessionName)
        }
        if accounts.contains(account) || accounts.contains(caller.partition + ":" + account) {
            return .account
        }
        return nil
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
