import GRDB
import IAMPolicy

/// The identity side of callers, loaded from the store for one service's
/// actions: for each user and role, the statements of its inline policies,
/// its attached managed policies and those of its groups (R1.2, R1.3), its
/// permissions boundary, and the attached policies the snapshot lacks.
///
/// Loading only the policies that can speak of one service keeps edge
/// derivation's memory proportional to the statements that matter, not to
/// the whole estate.
public struct IdentityPolicies: Sendable {
    public var principals: [Int64: PrincipalRecord] = [:]
    /// Statements per policy row, parsed once and shared by every holder.
    private var statementsByPolicy: [Int64: [AttributedStatement]] = [:]
    private var policiesByPrincipal: [Int64: [Int64]] = [:]
    private var boundaryByPrincipal: [Int64: Int64] = [:]
    private var unknownByPrincipal: [Int64: [String]] = [:]
    /// Boundaries named but missing from the snapshot: they restrict nothing (R1.8).
    public private(set) var missingBoundaries: [Int64: String] = [:]

    /// Identity statements in force for the principal (possibly empty).
    public func identity(of principalID: Int64) -> [AttributedStatement] {
        (policiesByPrincipal[principalID] ?? []).flatMap { statementsByPolicy[$0] ?? [] }
    }

    /// The boundary's statements, or `nil` when the principal has none we know.
    public func boundary(of principalID: Int64) -> [AttributedStatement]? {
        boundaryByPrincipal[principalID].map { statementsByPolicy[$0] ?? [] }
    }

    public func unknownPolicies(of principalID: Int64) -> [String] {
        unknownByPrincipal[principalID] ?? []
    }

    public func policies(of principalID: Int64, resourcePolicy: [AttributedStatement]?) -> AccessPolicies {
        AccessPolicies(
            identity: identity(of: principalID),
            unknownIdentityPolicies: unknownPolicies(of: principalID),
            boundary: boundary(of: principalID),
            resourcePolicy: resourcePolicy
        )
    }

    /// The principal as a request's caller, with its boundary known.
    public func caller(_ principalID: Int64, organization: RequestPrincipal.OrganizationMembership = .unknown)
        -> RequestPrincipal?
    {
        principals[principalID].map {
            $0.requestPrincipal(organization: organization, hasBoundary: boundaryByPrincipal[principalID] != nil)
        }
    }

    // MARK: - Loading

    /// Loads users and roles (all, or `principalIDs`) with their policies
    /// that may cover an action of `service` (`sts`, `s3`).
    public static func load(_ db: Database, service: String, principalIDs: [Int64]? = nil) throws -> IdentityPolicies {
        var result = IdentityPolicies()
        let idFilter = principalIDs.map { ids in JSONValue.array(ids.map { .number(String($0)) }).serialized }
        // With ids, the queries start from them: `:ids IS NULL OR id IN (…)`
        // would scan every user and role through the kind index.
        let principalSQL =
            principalIDs == nil
            ? """
            SELECT * FROM principal
            WHERE kind IN ('user', 'role') AND isAnalysed = 1
              AND (:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
            """
            : """
            SELECT * FROM principal
            WHERE id IN (SELECT value FROM json_each(:ids)) AND kind IN ('user', 'role') AND isAnalysed = 1
            """
        for record in try PrincipalRecord.fetchAll(db, sql: principalSQL, arguments: ["ids": idFilter]) {
            result.principals[record.id] = record
        }
        // Policy rows in force for each principal: inline, attached, and via groups.
        let holdingSQL = """
            WITH member(principalId, holderId) AS (
                \(principalIDs == nil ? Self.allMembers : Self.selectedMembers)
            )
            SELECT m.principalId, p.id AS policyId, NULL AS missingArn, 'permissions' AS relation
              FROM member m JOIN policy p ON p.principalId = m.holderId AND p.kind = 'inline'
            UNION ALL
            SELECT m.principalId, a.policyId, CASE WHEN a.policyId IS NULL THEN a.policyArn END, a.relation
              FROM member m JOIN policyAttachment a ON a.principalId = m.holderId
             WHERE a.relation = 'permissions' OR m.principalId = m.holderId
            """
        var wanted = Set<Int64>()
        for row in try Row.fetchAll(db, sql: holdingSQL, arguments: ["ids": idFilter]) {
            let principalID: Int64 = row["principalId"]
            let relation: String = row["relation"]
            if let policyID: Int64 = row["policyId"] {
                wanted.insert(policyID)
                if relation == "boundary" {
                    result.boundaryByPrincipal[principalID] = policyID
                } else {
                    result.policiesByPrincipal[principalID, default: []].append(policyID)
                }
            } else if let missing: String = row["missingArn"] {
                if relation == "boundary" {
                    result.missingBoundaries[principalID] = missing
                } else {
                    result.unknownByPrincipal[principalID, default: []].append(missing)
                }
            }
        }
        result.statementsByPolicy = try loadStatements(db, policyIDs: wanted, service: service)
        return result
    }

    /// Each user and role with itself and its groups, as `member(principalId, holderId)`.
    private static let allMembers = """
        SELECT id, id FROM principal
        WHERE kind IN ('user', 'role') AND isAnalysed = 1
          AND (:ids IS NULL OR id IN (SELECT value FROM json_each(:ids)))
        UNION ALL
        SELECT gm.userId, gm.groupId FROM groupMembership gm
        WHERE :ids IS NULL OR gm.userId IN (SELECT value FROM json_each(:ids))
        """

    /// As ``allMembers`` for the users and roles of `:ids` only.
    private static let selectedMembers = """
        SELECT id, id FROM principal
        WHERE id IN (SELECT value FROM json_each(:ids)) AND kind IN ('user', 'role') AND isAnalysed = 1
        UNION ALL
        SELECT gm.userId, gm.groupId FROM groupMembership gm
        WHERE gm.userId IN (SELECT value FROM json_each(:ids))
        """

    /// Parses the documents of the policies that may cover `service`, with
    /// their statements' row ids for citations.
    static func loadStatements(_ db: Database, policyIDs: Set<Int64>, service: String) throws -> [Int64:
        [AttributedStatement]]
    {
        guard !policyIDs.isEmpty else { return [:] }
        let relevantSQL = """
            SELECT p.id, p.kind, p.arn, p.name, p.document, owner.arn AS ownerArn, owner.kind AS ownerKind
              FROM policy p LEFT JOIN principal owner ON owner.id = p.principalId
             WHERE p.id IN (SELECT value FROM json_each(:ids))
               AND EXISTS (
                   SELECT 1 FROM statement s
                    WHERE s.policyId = p.id
                      AND (s.actionIsNegated = 1 OR EXISTS (
                           SELECT 1 FROM statementAction a
                            WHERE a.statementId = s.id
                              AND (lower(a.pattern) LIKE :prefix
                                   OR instr(a.pattern, ':') = 0
                                   OR instr(substr(a.pattern, 1, instr(a.pattern, ':')), '*') > 0
                                   OR instr(substr(a.pattern, 1, instr(a.pattern, ':')), '?') > 0))))
            """
        let ids = JSONValue.array(policyIDs.sorted().map { .number(String($0)) }).serialized
        var statementIDs: [Int64: [Int64]] = [:]
        var result: [Int64: [AttributedStatement]] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: relevantSQL,
            arguments: ["ids": ids, "prefix": service.lowercased() + ":%"]
        )
        let relevantIDs = JSONValue.array(rows.map { .number(String($0["id"] as Int64)) }).serialized
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT id, policyId FROM statement WHERE policyId IN (SELECT value FROM json_each(?)) ORDER BY policyId, position, id",
            arguments: [relevantIDs]
        ) {
            statementIDs[row["policyId"], default: []].append(row["id"])
        }
        let sources = rows.map { row in
            let kind: String = row["kind"]
            let ownerKind: String? = row["ownerKind"]
            let citationKind: StatementCitation.PolicyKind
            switch (kind, ownerKind) {
            case ("inline", "group"): citationKind = .groupInline
            case ("inline", _): citationKind = .inline
            default: citationKind = .managed
            }
            let name: String = row["name"]
            return (
                id: row["id"] as Int64, text: row["document"] as String, kind: citationKind,
                policy: (row["arn"] as String?) ?? name, owner: row["ownerArn"] as String?
            )
        }
        let found = statementIDs
        let statements = DocumentParsing.map(sources.count) { index in
            let source = sources[index]
            return (try? PolicyDocument.parse(json: source.text)).map { document in
                AttributedStatement.all(
                    of: document,
                    kind: source.kind,
                    policy: source.policy,
                    owner: source.owner,
                    statementIDs: found[source.id]
                )
            }
        }
        for (source, parsed) in zip(sources, statements) {
            guard let parsed else { continue }
            result[source.id] = parsed
        }
        return result
    }
}
