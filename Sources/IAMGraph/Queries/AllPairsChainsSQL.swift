/// The SQL for listing every chain: one breadth-first search from every
/// source at once, a level per statement, into a temporary table keyed by
/// (origin, node) — so each pair is settled once, at its shortest depth —
/// then one recursive query that rebuilds a path per pair from pointers.
///
/// Per-origin recursive walks would repeat the edges of every level for
/// every origin; here a level only expands pairs found at the level before,
/// and origins that have already reached every node that has an in-edge
/// stop expanding (on a dense estate, after the first level).
enum AllPairsChainsSQL {
    static let prepare = """
        CREATE TEMP TABLE IF NOT EXISTS chainPair (
            origin INTEGER NOT NULL,
            node INTEGER NOT NULL,
            depth INTEGER NOT NULL,
            sureDepth INTEGER,
            previousEdge INTEGER,
            PRIMARY KEY (origin, node)
        ) WITHOUT ROWID;
        DELETE FROM chainPair;
        CREATE TEMP TABLE IF NOT EXISTS chainOpenOrigin (origin INTEGER PRIMARY KEY);
        DELETE FROM chainOpenOrigin;
        """

    /// Seeds every origin (a JSON array of ids) at depth 0.
    static let seed = """
        INSERT INTO chainPair (origin, node, depth, sureDepth)
        SELECT value, value, 0, 0 FROM json_each(:origins);
        INSERT INTO chainOpenOrigin (origin) SELECT value FROM json_each(:origins);
        """

    /// Adds the pairs one hop (`:hopCost` 1) or no hop (0, into a class of
    /// callers) beyond those at `:from`, at depth `:depth`, for origins
    /// still open; with `:sure` 1 only over unconditional edges, setting
    /// `sureDepth`. Returns nothing; `changes()` tells whether it found any.
    static let expand = """
        INSERT INTO chainPair (origin, node, depth, sureDepth)
        SELECT r.origin, e.targetId, :depth, CASE WHEN :sure = 1 THEN :depth END
          FROM chainOpenOrigin o
          JOIN chainPair r ON r.origin = o.origin
          JOIN edge e ON e.sourceId = r.node
         WHERE (CASE WHEN :sure = 1 THEN r.sureDepth ELSE r.depth END) = :from
           AND e.hopCost = :hopCost
           AND (:sure = 0 OR e.isConditional = 0)
           AND (:unconditionalOnly = 0 OR e.isConditional = 0)
        ON CONFLICT (origin, node) DO UPDATE SET
            sureDepth = excluded.sureDepth
         WHERE :sure = 1 AND chainPair.sureDepth IS NULL
        """

    /// Closes the origins that reached every node with an in-edge (with
    /// `:sure` 1, by unconditional chains).
    static let closeFinishedOrigins = """
        DELETE FROM chainOpenOrigin
         WHERE (SELECT count(*) FROM chainPair p
                 WHERE p.origin = chainOpenOrigin.origin AND p.node != chainOpenOrigin.origin
                   AND (:sure = 0 OR p.sureDepth IS NOT NULL))
               >= :targetCount - EXISTS (SELECT 1 FROM edge WHERE targetId = chainOpenOrigin.origin)
        """

    static let reopenOrigins = """
        INSERT OR IGNORE INTO chainOpenOrigin (origin) SELECT value FROM json_each(:origins)
        """

    /// Points each pair at the edge it was reached by, preferring chains
    /// without conditions. Kept in the table itself, whose key makes the
    /// path query's lookups index searches.
    static let point = """
        UPDATE chainPair AS d SET previousEdge = coalesce(
            -- A pair one hop apart over an unconditional edge needs no search:
            -- most pairs of a dense estate are such.
            (SELECT e.id FROM edge e
              WHERE d.depth = 1 AND e.sourceId = d.origin AND e.targetId = d.node
                AND e.isConditional = 0 AND e.hopCost = 1),
            (SELECT e.id
               FROM edge e JOIN chainPair s ON s.origin = d.origin AND s.node = e.sourceId
              WHERE e.targetId = d.node AND s.depth + e.hopCost = d.depth
                AND (:unconditionalOnly = 0 OR e.isConditional = 0)
              ORDER BY CASE WHEN e.isConditional = 0 AND s.sureDepth = s.depth THEN 0
                            WHEN e.isConditional = 0 THEN 1 ELSE 2 END,
                       e.sourceId
              LIMIT 1))
         WHERE d.node != d.origin
        """

    /// One shortest path per (origin, node) pair, after ``point``.
    /// Rows: origin, target, nodes (origin first), edges.
    static let paths = """
        WITH RECURSIVE path(origin, target, node, nodes, edges) AS (
            SELECT origin, node, node, CAST(node AS TEXT), '' FROM chainPair WHERE node != origin
            UNION ALL
            SELECT p.origin, p.target, e.sourceId, e.sourceId || ',' || p.nodes,
                   e.id || CASE WHEN p.edges = '' THEN '' ELSE ',' END || p.edges
              FROM path p
              JOIN chainPair q ON q.origin = p.origin AND q.node = p.node
              JOIN edge e ON e.id = q.previousEdge
        )
        SELECT origin, target, nodes, edges FROM path WHERE node = origin
        """
}
