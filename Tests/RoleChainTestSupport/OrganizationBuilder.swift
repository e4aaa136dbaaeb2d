import Foundation
import IAMPolicy

/// Writes an organization folder in the layout `Scripts/collect-organization.sh`
/// produces (each file the AWS CLI's JSON for one call), for tests.
public struct OrganizationBuilder {
    public let organizationID: String
    public let managementAccountID: String
    public let rootID = "r-root"
    private var units: [(id: String, name: String, parent: String)] = []
    private var accounts: [(id: String, parent: String)] = []
    private var policies: [(id: String, name: String, type: String, document: String)] = []
    private var attachments: [(target: String, policy: String)] = []
    /// Policy types enabled and collected.
    public var policyTypes = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]

    public static let fullAccessSCP =
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#
    public static let fullAccessRCP =
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#

    /// An organization whose root has the AWS-managed full-access SCP and RCP
    /// attached, as every organization with those types enabled does.
    public init(id: String = "o-example", management: String) {
        organizationID = id
        managementAccountID = management
        accounts.append((management, rootID))
        policies.append(("p-FullAWSAccess", "FullAWSAccess", "SERVICE_CONTROL_POLICY", Self.fullAccessSCP))
        policies.append(("p-RCPFullAWSAccess", "RCPFullAWSAccess", "RESOURCE_CONTROL_POLICY", Self.fullAccessRCP))
        attachments.append((rootID, "p-FullAWSAccess"))
        attachments.append((rootID, "p-RCPFullAWSAccess"))
    }

    /// Adds an OU under `parent` (the root by default) with the full-access policies.
    public mutating func unit(_ id: String, name: String, parent: String? = nil) {
        units.append((id, name, parent ?? rootID))
        attachments.append((id, "p-FullAWSAccess"))
        attachments.append((id, "p-RCPFullAWSAccess"))
    }

    /// Adds a member account under `parent`, with the full-access policies.
    public mutating func account(_ id: String, parent: String? = nil) {
        accounts.append((id, parent ?? rootID))
        attachments.append((id, "p-FullAWSAccess"))
        attachments.append((id, "p-RCPFullAWSAccess"))
    }

    /// Adds an SCP or RCP (`type` SERVICE_CONTROL_POLICY / RESOURCE_CONTROL_POLICY) attached to `targets`.
    public mutating func policy(_ id: String, type: String, document: String, attachedTo targets: [String]) {
        policies.append((id, id, type, document))
        attachments += targets.map { ($0, id) }
    }

    /// Removes an attachment, e.g. FullAWSAccess from an OU, to build an allow-list SCP.
    public mutating func detach(_ policy: String, from target: String) {
        attachments.removeAll { $0.target == target && $0.policy == policy }
    }

    public func write(to folder: URL) throws {
        let manager = FileManager.default
        for sub in ["ou", "accounts", "policies", "policy", "targets"] {
            try manager.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        func save(_ value: JSONValue, _ name: String) throws {
            try Data(value.serialized.utf8).write(to: folder.appendingPathComponent(name))
        }
        try save(
            .object([
                "Organization": .object([
                    "Id": .string(organizationID),
                    "Arn": .string("arn:aws:organizations::\(managementAccountID):organization/\(organizationID)"),
                    "FeatureSet": .string("ALL"),
                    "MasterAccountId": .string(managementAccountID),
                ])
            ]),
            "organization.json"
        )
        try save(
            .object([
                "Roots": .array([
                    .object([
                        "Id": .string(rootID), "Name": .string("Root"),
                        "PolicyTypes": .array(
                            policyTypes.map { .object(["Type": .string($0), "Status": .string("ENABLED")]) }
                        ),
                    ])
                ])
            ]),
            "roots.json"
        )
        let parents = [rootID] + units.map(\.id)
        for parent in parents {
            let children = units.filter { $0.parent == parent }.map {
                JSONValue.object(["Id": .string($0.id), "Name": .string($0.name)])
            }
            try save(.object(["OrganizationalUnits": .array(children)]), "ou/\(parent).json")
            let members = accounts.filter { $0.parent == parent }.map {
                JSONValue.object([
                    "Id": .string($0.id), "Name": .string("account-\($0.id)"), "Status": .string("ACTIVE"),
                ])
            }
            try save(.object(["Accounts": .array(members)]), "accounts/\(parent).json")
        }
        let targets = parents + accounts.map(\.id)
        for type in policyTypes {
            let ofType = policies.filter { $0.type == type }
            try save(
                .object([
                    "Policies": .array(
                        ofType.map { .object(["Id": .string($0.id), "Name": .string($0.name), "Type": .string(type)]) }
                    )
                ]),
                "policies/\(type).json"
            )
            for policy in ofType {
                try save(
                    .object([
                        "Policy": .object([
                            "PolicySummary": .object([
                                "Id": .string(policy.id), "Name": .string(policy.name), "Type": .string(type),
                            ]),
                            "Content": .string(policy.document),
                        ])
                    ]),
                    "policy/\(policy.id).json"
                )
            }
            for target in targets {
                let attached = attachments.filter { $0.target == target && ofType.map(\.id).contains($0.policy) }
                try save(
                    .object(["Policies": .array(attached.map { .object(["Id": .string($0.policy)]) })]),
                    "targets/\(target).\(type).json"
                )
            }
        }
    }
}
