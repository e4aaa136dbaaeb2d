import GRDB
import IAMPolicy
import IAMStore

/// Reads what the linter needs from the store with its own read-only SQL,
/// so that lint depends only on the documented schema, not on the graph
/// code's loaders.
public enum LintStoreReader {
    /// The policies to lint and the documents that could not be parsed.
    ///
    /// AWS managed policies (`arn:aws:iam::aws:policy/…`) are left out: no
    /// one can change them, and every snapshot that uses one carries a copy,
    /// which would repeat each finding per account.
    public static func policies(_ db: Database) throws -> (policies: [LintedPolicy], unreadable: [String]) {
        let sql = """
            SELECT p.kind, p.arn, p.name, p.document, p.bucketName,
                   coalesce(p.accountId, o.accountId, b.accountId) AS accountId,
                   o.arn AS ownerArn, o.kind AS ownerKind
              FROM policy p
              LEFT JOIN principal o ON o.id = p.principalId
              LEFT JOIN bucket b ON b.name = p.bucketName
             WHERE p.kind IN ('managed', 'inline', 'trust', 'bucket', 'scp', 'rcp')
               AND p.document <> :absent
             ORDER BY p.id
            """
        var policies: [LintedPolicy] = []
        var unreadable: [String] = []
        for row in try Row.fetchAll(db, sql: sql, arguments: ["absent": "null"]) {
            let kindText: String = row["kind"]
            guard let kind = LintedPolicy.Kind(rawValue: kindText) else { continue }
            let arn: String? = row["arn"]
            if kind == .managed, let arn, ARN(arn)?.account == "aws" { continue }
            let name: String = row["name"]
            let holder: String = row["ownerArn"] ?? row["bucketName"] ?? ""
            let text: String = row["document"]
            guard let document = try? PolicyDocument.parse(json: text) else {
                unreadable.append([holder, arn ?? name].filter { !$0.isEmpty }.joined(separator: " "))
                continue
            }
            policies.append(
                LintedPolicy(
                    kind: kind,
                    account: row["accountId"] ?? "",
                    principal: holder,
                    principalKind: row["ownerKind"],
                    name: kind == .managed ? (arn ?? name) : name,
                    document: document
                )
            )
        }
        return (policies, unreadable)
    }

    /// Imported accounts, and the member accounts of the imported
    /// organization (`rolechain import-organization`), if any.
    public static func knownAccounts(_ db: Database) throws -> KnownAccounts {
        let imported = try String.fetchAll(db, sql: "SELECT id FROM account WHERE isAnalysed = ?", arguments: [1])
        let members = try String.fetchAll(
            db,
            sql: "SELECT id FROM organizationNode WHERE kind = ?",
            arguments: ["account"]
        )
        return KnownAccounts(imported: Set(imported), organization: Set(members))
    }

    /// Unique ids (`AROA…`, `AIDA…`) of every principal in the store.
    public static func uniqueIDs(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT uniqueId FROM principal WHERE uniqueId IS NOT NULL"))
    }
}
