import GRDB
import IAMPolicy

extension StoreWriter {
    /// Replaces the organization, its tree and its SCPs and RCPs.
    public func replaceOrganization(with snapshot: OrganizationSnapshot) throws {
        try db.execute(sql: "DELETE FROM organization")
        try db.execute(sql: "DELETE FROM policy WHERE kind IN ('scp', 'rcp')")
        try db.execute(
            sql: "INSERT INTO organization (id, managementAccountId, sourceFolder, policyTypes) VALUES (?, ?, ?, ?)",
            arguments: [
                snapshot.organizationID, snapshot.managementAccountID, snapshot.folder,
                JSONValue.array(snapshot.policyTypes.map { .string($0) }).serialized,
            ]
        )
        for node in snapshot.nodes {
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO organizationNode (id, organizationId, kind, name, parentId) VALUES (?, ?, ?, ?, ?)",
                arguments: [node.id, snapshot.organizationID, node.kind, node.name, node.parentID]
            )
        }
        var policyRows: [String: Int64] = [:]
        for policy in snapshot.policies {
            let kind = policy.type == "SERVICE_CONTROL_POLICY" ? "scp" : "rcp"
            try db.execute(
                sql: "INSERT INTO policy (kind, arn, name, organizationPolicyId, document) VALUES (?, NULL, ?, ?, ?)",
                arguments: [kind, policy.name, policy.id, policy.document.json]
            )
            let rowID = db.lastInsertedRowID
            policyRows[policy.id + "/" + kind] = rowID
            try insertStatements(policy.document.parsed, policyID: rowID)
        }
        for (target, policy) in snapshot.attachments {
            for kind in ["scp", "rcp"] {
                guard let rowID = policyRows[policy + "/" + kind] else { continue }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO organizationPolicyAttachment (targetId, policyId) VALUES (?, ?)",
                    arguments: [target, rowID]
                )
            }
        }
    }
}
