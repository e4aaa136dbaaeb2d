/// The caller of a request, with what the snapshot tells about it.
///
/// Entry principals that are not IAM identities of an imported account
/// (services, identity providers, accounts that were not imported, anyone)
/// are callers too: they start chains.
public struct RequestPrincipal: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case user
        case role
        case service
        case federated
        /// Some principal of an account whose snapshot was not imported.
        case account
        /// Any AWS principal of any account, or an anonymous caller.
        case anyone
    }

    /// Whether the caller belongs to an organization, as far as is known.
    public enum OrganizationMembership: Sendable, Hashable {
        case unknown
        case none
        case member(organizationID: String, paths: [String])
    }

    public var kind: Kind
    /// User or role ARN; service name (`ec2.amazonaws.com`); provider ARN;
    /// `arn:aws:iam::ID:root` for an account; `*` for anyone.
    public var arn: String
    public var accountID: String?
    public var partition: String
    /// User or role name, without path.
    public var name: String?
    /// `UserId` / `RoleId`.
    public var uniqueID: String?
    /// Tags with lower-cased keys: IAM matches tag keys case-insensitively (R2.8).
    public var tags: [String: String]
    public var organization: OrganizationMembership
    public var hasPermissionsBoundary: Bool
    /// Service-linked roles are outside SCPs (R3.6).
    public var isServiceLinked: Bool
    /// Whether the caller's own policies are known: `false` for a user or
    /// role named in a trust policy whose account was not imported.
    public var isAnalysed: Bool
    /// The account's root user (kind `.account`): it has full access to its
    /// own account's resources unless an explicit Deny or a member account's
    /// SCP stops it (R3.1), and it can never assume a role (R5.6).
    public var isRootUser = false

    public init(
        kind: Kind,
        arn: String,
        accountID: String? = nil,
        partition: String = "aws",
        name: String? = nil,
        uniqueID: String? = nil,
        tags: [String: String] = [:],
        organization: OrganizationMembership = .unknown,
        hasPermissionsBoundary: Bool = false,
        isServiceLinked: Bool = false,
        isAnalysed: Bool = true
    ) {
        self.kind = kind
        self.arn = arn
        self.accountID = accountID
        self.partition = partition
        self.name = name
        self.uniqueID = uniqueID
        self.tags = Dictionary(tags.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.organization = organization
        self.hasPermissionsBoundary = hasPermissionsBoundary
        self.isServiceLinked = isServiceLinked
        self.isAnalysed = isAnalysed
    }

    /// An IAM user or role of an imported account, whose policies are known.
    public var isAnalysedIdentity: Bool { (kind == .user || kind == .role) && isAnalysed }

    /// A user or role, analysed or not.
    public var isIdentity: Bool { kind == .user || kind == .role }

    /// The root user of `account`.
    public static func rootUser(of account: String, partition: String = "aws") -> RequestPrincipal {
        var root = RequestPrincipal(
            kind: .account,
            arn: "arn:\(partition):iam::\(account):root",
            accountID: account,
            partition: partition
        )
        root.isRootUser = true
        return root
    }

    /// Builds an IAM user or role caller from its ARN.
    public static func identity(arn: String, uniqueID: String? = nil, tags: [String: String] = [:]) -> RequestPrincipal?
    {
        guard let parsed = ARN(arn), parsed.service == "iam" else { return nil }
        let kind: Kind
        switch parsed.resourceType {
        case "user": kind = .user
        case "role": kind = .role
        default: return nil
        }
        return RequestPrincipal(
            kind: kind,
            arn: arn,
            accountID: parsed.account,
            partition: parsed.partition,
            name: parsed.resourceName,
            uniqueID: uniqueID,
            tags: tags,
            isServiceLinked: kind == .role && parsed.resource.hasPrefix("role/aws-service-role/")
        )
    }
}
