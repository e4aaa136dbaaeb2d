/// The principals a `Principal` or `NotPrincipal` element names.
///
/// `"Principal": "*"` and `{"AWS": "*"}` are the same thing (R2.3) and both
/// set ``isEveryone``; the literal values stay in their lists as written, so
/// reports can show the policy's own words.
public struct PrincipalSet: Sendable, Hashable {
    public var isEveryone: Bool
    public var aws: [String]
    public var service: [String]
    public var federated: [String]
    public var canonicalUser: [String]

    public init(
        isEveryone: Bool = false,
        aws: [String] = [],
        service: [String] = [],
        federated: [String] = [],
        canonicalUser: [String] = []
    ) {
        self.isEveryone = isEveryone
        self.aws = aws
        self.service = service
        self.federated = federated
        self.canonicalUser = canonicalUser
    }

    /// Every value with its key, in a stable order.
    public var entries: [(kind: PrincipalKind, value: String)] {
        var result: [(kind: PrincipalKind, value: String)] = []
        if isEveryone && !aws.contains("*") { result.append((.aws, "*")) }
        result += aws.map { (.aws, $0) }
        result += service.map { (.service, $0) }
        result += federated.map { (.federated, $0) }
        result += canonicalUser.map { (.canonicalUser, $0) }
        return result
    }
}

/// The keys of a `Principal` object.
public enum PrincipalKind: String, Sendable, Hashable, Codable, CaseIterable {
    case aws = "AWS"
    case service = "Service"
    case federated = "Federated"
    case canonicalUser = "CanonicalUser"
}

/// A statement's `Principal` or `NotPrincipal`.
public enum PrincipalElement: Sendable, Hashable {
    case principal(PrincipalSet)
    case notPrincipal(PrincipalSet)
}
