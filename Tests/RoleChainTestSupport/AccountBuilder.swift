import IAMPolicy

/// Builds a `get-account-authorization-details` document for tests, in the
/// exact shape the AWS CLI writes, so tests exercise the real importer.
/// Policies are given as JSON text, the way people read them in the docs.
public struct AccountBuilder {
    public let accountID: String
    public var partition = "aws"
    private var users: [JSONValue] = []
    private var groups: [JSONValue] = []
    private var roles: [JSONValue] = []
    private var policies: [JSONValue] = []
    private var counter = 0
    public var isTruncated = false

    public init(_ accountID: String) {
        self.accountID = accountID
    }

    public func arn(_ resource: String) -> String {
        "arn:\(partition):iam::\(accountID):\(resource)"
    }

    // MARK: - Entities

    @discardableResult
    public mutating func role(
        _ name: String,
        path: String = "/",
        trust: String,
        inline: [String] = [],
        attached: [String] = [],
        boundary: String? = nil,
        instanceProfile: Bool = false,
        tags: [String: String] = [:],
        roleID: String? = nil
    ) -> String {
        let arn = arn("role\(path)\(name)")
        var members: [String: JSONValue] = [
            "Path": .string(path),
            "RoleName": .string(name),
            "RoleId": .string(roleID ?? nextID("AROA")),
            "Arn": .string(arn),
            "CreateDate": .string("2024-01-01T00:00:00+00:00"),
            "AssumeRolePolicyDocument": Self.document(trust),
            "RolePolicyList": .array(inline.enumerated().map { Self.inlinePolicy("\(name)Inline\($0)", $1) }),
            "AttachedManagedPolicies": .array(attached.map(Self.attachment)),
            "Tags": Self.tagList(tags),
            "RoleLastUsed": .object([:]),
            "InstanceProfileList": .array([]),
        ]
        if instanceProfile {
            members["InstanceProfileList"] = .array([
                .object([
                    "Path": .string("/"),
                    "InstanceProfileName": .string(name),
                    "InstanceProfileId": .string(nextID("AIPA")),
                    "Arn": .string(self.arn("instance-profile/\(name)")),
                    "Roles": .array([]),
                ])
            ])
        }
        if let boundary { members["PermissionsBoundary"] = Self.boundary(boundary) }
        roles.append(.object(members))
        return arn
    }

    @discardableResult
    public mutating func user(
        _ name: String,
        inline: [String] = [],
        attached: [String] = [],
        groups: [String] = [],
        boundary: String? = nil,
        tags: [String: String] = [:]
    ) -> String {
        let arn = arn("user/\(name)")
        var members: [String: JSONValue] = [
            "Path": .string("/"),
            "UserName": .string(name),
            "UserId": .string(nextID("AIDA")),
            "Arn": .string(arn),
            "CreateDate": .string("2024-01-01T00:00:00+00:00"),
            "UserPolicyList": .array(inline.enumerated().map { Self.inlinePolicy("\(name)Inline\($0)", $1) }),
            "GroupList": .array(groups.map { .string($0) }),
            "AttachedManagedPolicies": .array(attached.map(Self.attachment)),
            "Tags": Self.tagList(tags),
        ]
        if let boundary { members["PermissionsBoundary"] = Self.boundary(boundary) }
        users.append(.object(members))
        return arn
    }

    public mutating func group(_ name: String, inline: [String] = [], attached: [String] = []) {
        groups.append(
            .object([
                "Path": .string("/"),
                "GroupName": .string(name),
                "GroupId": .string(nextID("AGPA")),
                "Arn": .string(arn("group/\(name)")),
                "CreateDate": .string("2024-01-01T00:00:00+00:00"),
                "GroupPolicyList": .array(inline.enumerated().map { Self.inlinePolicy("\(name)Inline\($0)", $1) }),
                "AttachedManagedPolicies": .array(attached.map(Self.attachment)),
            ])
        )
    }

    /// A customer managed policy; `versions` lists (document, isDefault).
    @discardableResult
    public mutating func managedPolicy(_ name: String, versions: [(String, Bool)], arn explicitArn: String? = nil)
        -> String
    {
        let arn = explicitArn ?? arn("policy/\(name)")
        let list = versions.enumerated().map { index, version in
            JSONValue.object([
                "Document": Self.document(version.0),
                "VersionId": .string("v\(index + 1)"),
                "IsDefaultVersion": .bool(version.1),
                "CreateDate": .string("2024-01-01T00:00:00+00:00"),
            ])
        }
        let defaultIndex = versions.firstIndex { $0.1 }.map { $0 + 1 } ?? 1
        policies.append(
            .object([
                "PolicyName": .string(name),
                "PolicyId": .string(nextID("ANPA")),
                "Arn": .string(arn),
                "Path": .string("/"),
                "DefaultVersionId": .string("v\(defaultIndex)"),
                "AttachmentCount": .number("1"),
                "IsAttachable": .bool(true),
                "PolicyVersionList": .array(list),
            ])
        )
        return arn
    }

    @discardableResult
    public mutating func managedPolicy(_ name: String, _ document: String) -> String {
        managedPolicy(name, versions: [(document, true)])
    }

    // MARK: - Output

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "UserDetailList": .array(users),
            "GroupDetailList": .array(groups),
            "RoleDetailList": .array(roles),
            "Policies": .array(policies),
        ]
        if isTruncated {
            members["IsTruncated"] = .bool(true)
            members["Marker"] = .string("next-page")
        }
        return .object(members)
    }

    public var text: String { json.serialized }

    // MARK: - Helpers

    private mutating func nextID(_ prefix: String) -> String {
        counter += 1
        let digits = String(counter)
        return prefix + String(accountID.suffix(6)) + String(repeating: "0", count: max(0, 11 - digits.count)) + digits
    }

    static func document(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .string(text)
    }

    static func inlinePolicy(_ name: String, _ text: String) -> JSONValue {
        .object(["PolicyName": .string(name), "PolicyDocument": document(text)])
    }

    static func attachment(_ arn: String) -> JSONValue {
        .object(["PolicyName": .string(String(arn.split(separator: "/").last ?? "")), "PolicyArn": .string(arn)])
    }

    static func boundary(_ arn: String) -> JSONValue {
        .object(["PermissionsBoundaryType": .string("Policy"), "PermissionsBoundaryArn": .string(arn)])
    }

    static func tagList(_ tags: [String: String]) -> JSONValue {
        .array(tags.keys.sorted().map { .object(["Key": .string($0), "Value": .string(tags[$0] ?? "")]) })
    }
}
