/// The recursive SQL behind chain queries, kept as literals with named
/// arguments so the same text can move to PostgreSQL. Values are always
/// bound, never interpolated.
///
/// Both walks are breadth-first: `UNION` deduplicates on (node, depth),
/// so the work is bounded by edges × hop limit whatever the number of
/// paths, and cycles cannot loop because depth only grows to the limit.
/// The minimum depth per node is its distance. A second walk over the
/// unconditional edges alone gives each node's unconditional distance; where
/// it equals the distance, the node points along an unconditional edge, so a
/// shortest chain that needs no condition is the one shown. Otherwise the
/// node points at any neighbour a hop closer (unconditional first). A last
/// recursive query follows the pointers to rebuild one path per node.
enum ShortestChainsSQL {
    /// From every principal that can reach one of `:seeds` (a JSON array
    /// of principal ids), its shortest path to the seed it reaches.
    /// Rows: start, depth, nodes (comma-separated ids, start first), edges.
    static let towardsSeeds = """
        WITH RECURSIVE
        walk(node, depth) AS (
            SELECT value, 0 FROM json_each(:seeds)
            UNION
            SELECT e.sourceId, w.depth + e.hopCost
              FROM walk w
              JOIN edge e ON e.targetId = w.node
             WHERE w.depth < :maxHops
               AND (:unconditionalOnly = 0 OR e.isConditional = 0)
        ),
        sureWalk(node, depth) AS (
            SELECT value, 0 FROM json_each(:seeds)
            UNION
            SELECT e.sourceId, w.depth + e.hopCost
              FROM sureWalk w
              JOIN edge e ON e.targetId = w.node
             WHERE w.depth < :maxHops AND e.isConditional = 0
        ),
        distance(node, depth) AS (
            SELECT node, MIN(depth) FROM walk GROUP BY node
        ),
        sureDistance(node, depth) AS (
            SELECT node, MIN(depth) FROM sureWalk GROUP BY node
        ),
        pointer(node, depth, nextEdge) AS (
            SELECT d.node, d.depth,
                   CASE WHEN s.depth = d.depth THEN
                       (SELECT e.id
                          FROM edge e JOIN sureDistance t ON t.node = e.targetId
                         WHERE e.sourceId = d.node AND d.depth > 0 AND e.isConditional = 0
                           AND t.depth = d.depth - e.hopCost
                         ORDER BY e.targetId
                         LIMIT 1)
                   ELSE
                       (SELECT e.id
                          FROM edge e JOIN distance t ON t.node = e.targetId
                         WHERE e.sourceId = d.node AND d.depth > 0 AND t.depth = d.depth - e.hopCost
                           AND (:unconditionalOnly = 0 OR e.isConditional = 0)
                         ORDER BY e.isConditional, e.targetId
                         LIMIT 1)
                   END
              FROM distance d LEFT JOIN sureDistance s ON s.node = d.node
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

    /// From one `:origin`, every principal it can reach and the shortest
    /// path there. Rows: target, depth, nodes (origin first), edges.
    static let fromOrigin = """
        WITH RECURSIVE
        walk(node, depth) AS (
            SELECT :origin, 0
            UNION
            SELECT e.targetId, w.depth + e.hopCost
              FROM walk w
              JOIN edge e ON e.sourceId = w.node
             WHERE w.depth < :maxHops
               AND (:unconditionalOnly = 0 OR e.isConditional = 0)
        ),
        sureWalk(node, depth) AS (
            SELECT :origin, 0
            UNION
            SELECT e.targetId, w.depth + e.hopCost
              FROM sureWalk w
              JOIN edge e ON e.sourceId = w.node
             WHERE w.depth < :maxHops AND e.isConditional = 0
        ),
        distance(node, depth) AS (
            SELECT node, MIN(depth) FROM walk GROUP BY node
        ),
        sureDistance(node, depth) AS (
            SELECT node, MIN(depth) FROM sureWalk GROUP BY node
        ),
        pointer(node, depth, previousEdge) AS (
            SELECT d.node, d.depth,
                   CASE WHEN s.depth = d.depth THEN
                       (SELECT e.id
                          FROM edge e JOIN sureDistance t ON t.node = e.sourceId
                         WHERE e.targetId = d.node AND d.depth > 0 AND e.isConditional = 0
                           AND t.depth = d.depth - e.hopCost
                         ORDER BY e.sourceId
                         LIMIT 1)
                   ELSE
                       (SELECT e.id
                          FROM edge e JOIN distance t ON t.node = e.sourceId
                         WHERE e.targetId = d.node AND d.depth > 0 AND t.depth = d.depth - e.hopCost
                           AND (:unconditionalOnly = 0 OR e.isConditional = 0)
                         ORDER BY e.isConditional, e.sourceId
                         LIMIT 1)
                   END
              FROM distance d LEFT JOIN sureDistance s ON s.node = d.node
        ),
        path(target, node, depth, nodes, edges) AS (
            SELECT node, node, depth, CAST(node AS TEXT), '' FROM pointer WHERE depth > 0
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
