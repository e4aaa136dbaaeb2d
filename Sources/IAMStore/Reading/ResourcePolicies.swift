import GRDB
import IAMPolicy

/// Trust and bucket policies, loaded from the store with their statements'
/// row ids so that edges and answers can cite them.
public enum ResourcePolicies {
    /// Every analysed role's trust policy, by role id.
    public static func trustPolicies(_ db: Database) throws -> [Int64: [AttributedStatement]] {
        try documents(
            db,
            sql: """
                SELECT p.id, p.document, r.id AS ownerId, r.arn AS ownerArn
                  FROM policy p JOIN principal r ON r.id = p.principalId
                 WHERE p.kind = 'trust'
                """,
            kind: .trust
        )
    }

    /// A bucket's owner and its policy's statements (`nil` when it has none).
    public static func bucket(_ db: Database, name: String) throws -> (
        known: Bool, accountID: String?, policy: [AttributedStatement]?
    ) {
        guard let row = try Row.fetchOne(db, sql: "SELECT accountId FROM bucket WHERE name = ?", arguments: [name])
        else {
            return (false, nil, nil)
        }
        let policies = try documents(
            db,
            sql:
                "SELECT id, document, id AS ownerId, bucketName AS ownerArn FROM policy WHERE kind = 'bucket' AND bucketName = :bucket",
            arguments: ["bucket": name],
            kind: .bucket
        )
        return (true, row["accountId"], policies.values.first)
    }

    private static func documents(
        _ db: Database,
        sql: String,
        arguments: StatementArguments = StatementArguments(),
        kind: StatementCitation.PolicyKind
    ) throws -> [Int64: [AttributedStatement]] {
        var statementIDs: [Int64: [Int64]] = [:]
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        let policyIDs = JSONValue.array(rows.map { .number(String($0["id"] as Int64)) }).serialized
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT id, policyId FROM statement WHERE policyId IN (SELECT value FROM json_each(?)) ORDER BY policyId, position, id",
            arguments: [policyIDs]
        ) {
            statementIDs[row["policyId"], default: []].append(row["id"])
        }
        let sources = rows.map { row in
            (id: row["id"] as Int64, text: row["document"] as String, owner: row["ownerArn"] as String)
        }
        let found = statementIDs
        let statements = DocumentParsing.map(sources.count) { index in
            (try? PolicyDocument.parse(json: sources[index].text)).map { document in
                AttributedStatement.all(
                    of: document,
                    kind: kind,
                    policy: kind == .trust ? "trust policy" : "bucket policy",
                    owner: sources[index].owner,
                    statementIDs: found[sources[index].id]
                )
            }
        }
        var result: [Int64: [AttributedStatement]] = [:]
        for (row, parsed) in zip(rows, statements) {
            guard let parsed else { continue }
            result[row["ownerId"]] = parsed
        }
        return result
    }
}
