import GRDB
import IAMPolicy
import IAMStore

/// The users and roles that might hold an identity Allow on a bucket, found
/// through the `statementResource` index instead of evaluating every
/// principal of the estate.
///
/// A `Resource` pattern can match an ARN of bucket `b` only if it starts
/// with that ARN (`arn:aws:s3:::b`, `…:b/*`, `…:b*`), or if its text before
/// the first wildcard (`*`, `?`, or a `${…}` variable) is a prefix of it
/// (`*`, `arn:aws:s3:::*`, `arn:aws:s3:::ex*`). Both are index range scans;
/// `NotResource` statements and managed policies missing from the snapshot
/// (R1.8) are always candidates; statements whose actions cannot be S3's
/// are not. The evaluator decides each candidate, so the filter may
/// over-propose but never miss.
enum BucketCandidates {
    static func principalIDs(_ db: Database, bucket: String) throws -> [Int64] {
        let target = "arn:aws:s3:::\(bucket)/"
        var ranges: [(String, String)] = [(String(target.dropLast()), String(target.dropLast()) + "\u{10FFFF}")]
        var prefix = ""
        for character in [""] + target.map(String.init) {
            prefix += character
            for wildcard in ["*", "?", "${"] {
                ranges.append((prefix + wildcard, prefix + wildcard + "\u{10FFFF}"))
            }
        }
        var statementIDs = Set<Int64>()
        let rangeStatement = try db.cachedStatement(
            sql: "SELECT statementId FROM statementResource WHERE pattern >= ? AND pattern < ?"
        )
        for (low, high) in ranges {
            statementIDs.formUnion(try Int64.fetchAll(rangeStatement, arguments: [low, high]))
        }
        statementIDs.formUnion(try Int64.fetchAll(db, sql: "SELECT id FROM statement WHERE resourceIsNegated = 1"))
        let ids = "[" + statementIDs.sorted().map(String.init).joined(separator: ",") + "]"
        return try Int64.fetchAll(
            db,
            sql: """
                WITH wanted(policyId) AS (
                    SELECT DISTINCT s.policyId
                      FROM json_each(:ids) j JOIN statement s ON s.id = j.value
                     WHERE s.effect = 'Allow'
                       AND (s.actionIsNegated = 1 OR EXISTS (
                            SELECT 1 FROM statementAction a
                             WHERE a.statementId = s.id
                               AND (lower(a.pattern) LIKE 's3:%'
                                    OR instr(a.pattern, ':') = 0
                                    OR instr(substr(a.pattern, 1, instr(a.pattern, ':')), '*') > 0
                                    OR instr(substr(a.pattern, 1, instr(a.pattern, ':')), '?') > 0)))
                ),
                holder(principalId) AS (
                    SELECT p.principalId FROM policy p JOIN wanted w ON w.policyId = p.id WHERE p.kind = 'inline'
                    UNION
                    SELECT a.principalId FROM policyAttachment a JOIN wanted w ON w.policyId = a.policyId
                    UNION
                    SELECT principalId FROM policyAttachment WHERE policyId IS NULL AND relation = 'permissions'
                )
                SELECT principalId FROM holder
                UNION
                SELECT gm.userId FROM groupMembership gm JOIN holder h ON h.principalId = gm.groupId
                """,
            arguments: ["ids": ids]
        )
    }
}
