import GRDB
import IAMPolicy
import IAMStore

/// Builds the ``OrganizationContext`` from the store: each member account's
/// path and, level by level from the root down, the SCPs and RCPs attached.
/// Empty until an organization is imported, and a policy type that was not
/// collected restricts nothing.
public enum OrganizationLoader {
    public static func load(_ store: RoleChainStore) throws -> OrganizationContext {
        try store.read { db in try load(db) }
    }

    static func load(_ db: Database) throws -> OrganizationContext {
        guard
            let organization = try Row.fetchOne(
                db,
                sql: "SELECT id, managementAccountId, policyTypes FROM organization"
            )
        else {
            return OrganizationContext()
        }
        let organizationID: String = organization["id"]
        let typesText: String = organization["policyTypes"]
        let types = Set(
            (try? JSONParser.parse(typesText)).flatMap { value -> [String]? in
                guard case .array(let items) = value else { return nil }
                return items.compactMap(\.scalarText)
            } ?? []
        )
        var parent: [String: String] = [:]
        var accounts: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, kind, parentId FROM organizationNode") {
            let id: String = row["id"]
            if let parentID: String = row["parentId"] { parent[id] = parentID }
            if (row["kind"] as String) == "account" { accounts.append(id) }
        }
        var statementsByNode: [String: (scp: [AttributedStatement], rcp: [AttributedStatement])] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT a.targetId, p.kind, p.name, p.organizationPolicyId, p.document
                  FROM organizationPolicyAttachment a JOIN policy p ON p.id = a.policyId
                 ORDER BY a.targetId, p.id
                """
        ) {
            let text: String = row["document"]
            guard let document = try? PolicyDocument.parse(json: text) else { continue }
            let kind: String = row["kind"]
            let target: String = row["targetId"]
            let statements = AttributedStatement.all(
                of: document,
                kind: kind == "scp" ? .scp : .rcp,
                policy: (row["name"] as String?) ?? (row["organizationPolicyId"] as String? ?? ""),
                owner: target
            )
            if kind == "scp" {
                statementsByNode[target, default: ([], [])].scp += statements
            } else {
                statementsByNode[target, default: ([], [])].rcp += statements
            }
        }
        var placements: [String: OrganizationContext.Placement] = [:]
        for account in accounts {
            var chain = [account]
            while let up = parent[chain[0]], !chain.contains(up) { chain.insert(up, at: 0) }
            let ous = chain.dropLast()
            let path = organizationID + "/" + ous.joined(separator: "/") + "/"
            placements[account] = OrganizationContext.Placement(
                paths: [path],
                serviceControlPolicies: types.contains("SERVICE_CONTROL_POLICY")
                    ? chain.map { statementsByNode[$0]?.scp ?? [] } : [],
                resourceControlPolicies: types.contains("RESOURCE_CONTROL_POLICY")
                    ? chain.map { statementsByNode[$0]?.rcp ?? [] } : []
            )
        }
        return OrganizationContext(
            organizationID: organizationID,
            managementAccountID: organization["managementAccountId"],
            accounts: placements
        )
    }
}
