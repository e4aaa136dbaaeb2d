/// The SQL behind chain queries, kept as literals with named arguments so
/// the same text can move to PostgreSQL. Values are always bound, never
/// interpolated.
///
/// A query runs in two statements over a temporary table:
/// 1. a recursive breadth-first walk fills `chainDistance` with each
///    reachable node's distance, and its distance over unconditional edges
///    alone. `UNION` deduplicates on (node, depth, sure), so the work is
///    bounded by edges × hop limit whatever the number of paths, and cycles
///    cannot loop because depth only grows to the limit;
/// 2. each node points along one edge to a neighbour a hop closer — an
///    unconditional edge to a neighbour whose own shortest chain needs no
///    condition first, so a shortest chain without conditions is the one
///    shown — and a recursive query follows the pointers to rebuild one
///    path per node. The temporary table's key makes each neighbour lookup
///    an index search.
///
/// Edges cost one hop, except those into a class of callers with the same
/// AssumeRole statements (`hopCost` 0), which only stand for many edges.
enum ShortestChainsSQL {
    static let prepareScratch = """
        CREATE TEMP TABLE IF NOT EXISTS chainDistance (
            node INTEGER PRIMARY KEY,
            depth INTEGER NOT NULL,
            sureDepth INTEGER
        );
        DELETE FROM chainDistance;
        """

    /// Distances of every principal that can reach one of `:seeds` (a JSON array of ids).
    static let distancesTowardsSeeds = """
        INSERT INTO chainDistance (node, depth, sureDepth)
        WITH RECURSIVE walk(node, depth, sure) AS (
            SELECT value, 0, 1 FROM json_each(:seeds)
            UNION
            SELECT e.sourceId, w.depth + e.hopCost, w.sure * (1 - e.isConditional)
              FROM walk w
              JOIN edge e ON e.targetId = w.node
             WHERE w.depth < :maxHops
               AND (:unconditionalOnly = 0 OR e.isConditional = 0)
        )
        SELECT node, MIN(depth), MIN(CASE WHEN sure = 1 THEN depth END) FROM walk GROUP BY node
        """

    /// After ``distancesTowardsSeeds``: one shortest path per node.
    /// Rows: start, depth, nodes (comma-separated ids, start first), edges.
    static let pathsTowardsSeeds = """
        WITH RECURSIVE
        pointer(node, depth, nextEdge) AS MATERIALIZED (
            SELECT d.node, d.depth,
                   (SELECT e.id
                      FROM edge e JOIN chainDistance t ON t.node = e.targetId
                     WHERE e.sourceId = d.node AND t.depth + e.hopCost = d.depth
                       AND (:unconditionalOnly = 0 OR e.isConditional = 0)
                     ORDER BY CASE WHEN e.isConditional = 0 AND t.sureDepth = t.depth THEN 0
                                   WHEN e.isConditional = 0 THEN 1 ELSE 2 END,
                              e.targetId
                     LIMIT 1)
              FROM chainDistance d
             WHERE d.node NOT IN (SELECT value FROM json_each(:seeds))
            UNION ALL
            SELECT value, 0, NULL FROM json_each(:seeds)
        ),
        path(start, node, depth, nodes, edges) AS (
            SELECT node, node, depth, CAST(node AS TEXT), '' FROM pointer
            UNION ALL
            SELECT p.start, e.targetId, p.depth, p.nodes || ',' || e.targetId,
                   p.edges || CASE WHEN p.edges = '' THEN '' ELSE ',' END || e.id
              FROM path p
              JOIN pointer q ON q.node = p.node
              JOIN edge e ON e.id = q.nextEdge
        )
        SELECT p.start, p.depth, p.nodes, p.edges
          FROM path p JOIN pointer q ON q.node = p.node
         WHERE q.nextEdge IS NULL
        """

    /// Distances of every principal `:origin` can reach.
    static let distancesFromOrigin = """
        INSERT INTO chainDistance (node, depth, sureDepth)
        WITH RECURSIVE walk(node, depth, sure) AS (
            SELECT :origin, 0, 1
            UNION
            SELECT e.targetId, w.depth + e.hopCost, w.sure * (1 - e.isConditional)
              FROM walk w
              JOIN edge e ON e.sourceId = w.node
             WHERE w.depth < :maxHops
               AND (:unconditionalOnly = 0 OR e.isConditional = 0)
        )
        SELECT node, MIN(depth), MIN(CASE WHEN sure = 1 THEN depth END) FROM walk GROUP BY node
        """

    /// After ``distancesFromOrigin``: one shortest path to each node.
    /// Rows: target, depth, nodes (origin first), edges.
    static let pathsFromOrigin = """
        WITH RECURSIVE
        pointer(node, depth, previousEdge) AS MATERIALIZED (
            SELECT d.node, d.depth,
                   (SELECT e.id
                      FROM edge e JOIN chainDistance s ON s.node = e.sourceId
                     WHERE e.targetId = d.node AND s.depth + e.hopCost = d.depth
                       AND (:unconditionalOnly = 0 OR e.isConditional = 0)
                     ORDER BY CASE WHEN e.isConditional = 0 AND s.sureDepth = s.depth THEN 0
                                   WHEN e.isConditional = 0 THEN 1 ELSE 2 END,
                              e.sourceId
                     LIMIT 1)
              FROM chainDistance d
             WHERE d.node != :origin
            UNION ALL
            SELECT :origin, 0, NULL
        ),
        path(target, node, depth, nodes, edges) AS (
            SELECT node, node, depth, CAST(node AS TEXT), '' FROM pointer WHERE node != :origin
            UNION ALL
            SELECT p.target, e.sourceId, p.depth, e.sourceId || ',' || p.nodes,
                   e.id || CASE WHEN p.edges = '' THEN '' ELSE ',' END || p.edges
              FROM path p
              JOIN pointer q ON q.node = p.node
              JOIN edge e ON e.id = q.previousEdge
        )
        SELECT p.target, p.depth, p.nodes, p.edges
          FROM path p JOIN pointer q ON q.node = p.node
         WHERE q.previousEdge IS NULL
        """
}
