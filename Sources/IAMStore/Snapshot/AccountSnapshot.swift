import IAMPolicy

/// One account's `get-account-authorization-details`, read and checked,
/// ready to write. Policy documents are kept both parsed (to store their
/// statements) and as normalised JSON (to store the document users read).
public struct AccountSnapshot: Sendable {
    public var accountID: String
    public var partition: String
    public var sourceFile: String
    /// Still marked `IsTruncated`, or carrying a `Marker`/`NextToken` (R1.1).
    public var isTruncated: Bool
    public var users: [User]
    public var groups: [Group]
    public var roles: [Role]
    public var managedPolicies: [ManagedPolicy]

    public struct Document: Sendable {
        public var parsed: PolicyDocument
        public var json: String
    }

    public struct InlinePolicy: Sendable {
        public var name: String
        public var document: Document
    }

    public struct User: Sendable {
        public var arn: String
        public var name: String
        public var path: String
        public var uniqueID: String?
        public var createdAt: String?
        public var inlinePolicies: [InlinePolicy]
        public var groupNames: [String]
        public var attachedPolicyArns: [String]
        public var permissionsBoundaryArn: String?
        public var tags: [String: String]
    }

    public struct Group: Sendable {
        public var arn: String
        public var name: String
        public var path: String
        public var uniqueID: String?
        public var createdAt: String?
        public var inlinePolicies: [InlinePolicy]
        public var attachedPolicyArns: [String]
    }

    public struct InstanceProfile: Sendable {
        public var arn: String
        public var name: String
    }

    public struct Role: Sendable {
        public var arn: String
        public var name: String
        public var path: String
        public var uniqueID: String?
        public var createdAt: String?
        public var trustPolicy: Document
        public var instanceProfiles: [InstanceProfile]
        public var inlinePolicies: [InlinePolicy]
        public var attachedPolicyArns: [String]
        public var permissionsBoundaryArn: String?
        public var tags: [String: String]
    }

    public struct PolicyVersion: Sendable {
        public var versionID: String
        public var isDefault: Bool
        public var document: Document
    }

    public struct ManagedPolicy: Sendable {
        public var arn: String
        public var name: String
        public var defaultVersionID: String?
        public var versions: [PolicyVersion]

        /// The version in force (R1.5): the one flagged default, else the one
        /// `DefaultVersionId` names.
        public var defaultVersion: PolicyVersion? {
            versions.first { $0.isDefault } ?? versions.first { $0.versionID == defaultVersionID }
        }
    }
}
