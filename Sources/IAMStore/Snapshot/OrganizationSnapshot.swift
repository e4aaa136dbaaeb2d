import Foundation
import IAMPolicy

/// An organization as `Scripts/collect-organization.sh` saves it: one file
/// per AWS CLI call, in a fixed layout (README, "Organizations").
public struct OrganizationSnapshot: Sendable {
    public struct Node: Sendable {
        public var id: String
        public var kind: String
        public var name: String?
        public var parentID: String?
    }

    public struct Policy: Sendable {
        public var id: String
        public var name: String
        public var type: String
        public var document: AccountSnapshot.Document
    }

    public var organizationID: String
    public var managementAccountID: String?
    public var folder: String
    public var nodes: [Node]
    public var policies: [Policy]
    /// (target id, policy id)
    public var attachments: [(target: String, policy: String)]
    public var policyTypes: [String]

    public static let policyTypeNames = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]

    /// Reads the folder; every error names the file and the JSON path.
    public static func read(folder: String) throws(StoreError) -> OrganizationSnapshot {
        func path(_ parts: String...) -> String { ([folder] + parts).joined(separator: "/") }
        func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: file) }

        let organizationFile = path("organization.json")
        guard exists(organizationFile) else {
            throw .unreadableFile(
                file: organizationFile,
                reason: "missing: not an organization folder written by Scripts/collect-organization.sh"
            )
        }
        let organization = try JSONReader(SnapshotFiles.readJSON(organizationFile), file: organizationFile).required(
            "Organization"
        )
        let organizationID = try organization.string("Id")
        let management = try organization.optionalString("MasterAccountId")

        let rootsFile = path("roots.json")
        let roots = try JSONReader(SnapshotFiles.readJSON(rootsFile), file: rootsFile).list("Roots")
        var nodes: [Node] = []
        var queue: [String] = []
        for root in roots {
            let id = try root.string("Id")
            nodes.append(Node(id: id, kind: "root", name: try root.optionalString("Name"), parentID: nil))
            queue.append(id)
        }
        guard !queue.isEmpty else {
            throw .invalidFile(
                file: rootsFile,
                path: JSONPath().appending("Roots"),
                reason: "expected at least one root"
            )
        }
        var visited = Set<String>()
        while let parent = queue.first {
            queue.removeFirst()
            guard visited.insert(parent).inserted else { continue }
            let ouFile = path("ou", "\(parent).json")
            if exists(ouFile) {
                for unit in try JSONReader(SnapshotFiles.readJSON(ouFile), file: ouFile).list("OrganizationalUnits") {
                    let id = try unit.string("Id")
                    nodes.append(Node(id: id, kind: "ou", name: try unit.optionalString("Name"), parentID: parent))
                    queue.append(id)
                }
            }
            let accountsFile = path("accounts", "\(parent).json")
            if exists(accountsFile) {
                for account in try JSONReader(SnapshotFiles.readJSON(accountsFile), file: accountsFile).list("Accounts")
                {
                    let idReader = try account.required("Id")
                    let id = try idReader.string()
                    guard ARN.isAccountID(id) else {
                        throw idReader.error("expected a 12-digit account id, found \"\(id)\"")
                    }
                    nodes.append(
                        Node(id: id, kind: "account", name: try account.optionalString("Name"), parentID: parent)
                    )
                }
            }
        }

        var policies: [Policy] = []
        var attachments: [(String, String)] = []
        var types: [String] = []
        for type in policyTypeNames {
            let listFile = path("policies", "\(type).json")
            guard exists(listFile) else { continue }
            types.append(type)
            for summary in try JSONReader(SnapshotFiles.readJSON(listFile), file: listFile).list("Policies") {
                let id = try summary.string("Id")
                let policyFile = path("policy", "\(id).json")
                let policy = try JSONReader(SnapshotFiles.readJSON(policyFile), file: policyFile).required("Policy")
                policies.append(
                    Policy(
                        id: id,
                        name: try policy.optional("PolicySummary")?.optionalString("Name") ?? id,
                        type: type,
                        document: try policy.required("Content").policyDocument()
                    )
                )
            }
            for node in nodes {
                let targetFile = path("targets", "\(node.id).\(type).json")
                guard exists(targetFile) else { continue }
                for attached in try JSONReader(SnapshotFiles.readJSON(targetFile), file: targetFile).list("Policies") {
                    attachments.append((node.id, try attached.string("Id")))
                }
            }
        }
        return OrganizationSnapshot(
            organizationID: organizationID,
            managementAccountID: management,
            folder: folder,
            nodes: nodes,
            policies: policies,
            attachments: attachments,
            policyTypes: types
        )
    }
}
