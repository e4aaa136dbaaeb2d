/// The recursive SQL behind chain queries, kept as literals with named
/// arguments so the same text can move to PostgreSQL. Values are always
/// bound, never interpolated.
///
/// Edges cost one hop, except those into a class of callers with the same
/// AssumeRole statements (`hopCost` 0), which only stand for many edges.
///
/// Both walks are breadth-first and record the edge each step used, and
/// whether the whole way back to the start needed no condition (`sure`).
/// `UNION` deduplicates on (node, depth, edge, sure), so the work is bounded
/// by edges × hop limit × 2 whatever the number of paths, and cycles cannot
/// loop because depth only grows to the limit. Each node then points along
/// the edge of its shallowest row — a sure one first, so a shortest chain
/// that needs no condition is the one shown — and a last recursive query
/// follows the pointers to rebuild one path per node. A node's shallowest
/// row leads to a neighbour whose own shallowest depth is one hop less, so
/// following pointers always ends at the start.
enum ShortestChainsSQL {
    /// From every principal that can reach one of `:seeds` (a JSON array
    /// of principal ids), its shortest path to the seed it reaches.
    /// Rows: start, depth, nodes (comma-separated ids, start first), edges.
    static let towardsSeeds = """
        WITH RECURSIVE
        walk(node, depth, edgeId, sure) AS (
            SELECT value, 0, NULL, 1 FROM json_each(:seeds)
            UNION
            SELECT e.sourceId, w.depth + e.hopCost, e.id, w.sure * (1 - e.isConditional)
              FROM walk w
              JOIN edge e ON e.targetId = w.node
             WHERE w.depth < :maxHops
               AND (:unconditionalOnly = 0 OR e.isConditional = 0)
        ),
        pointer(node, depth, nextEdge) AS MATERIALIZED (
            SELECT node, depth, edgeId
              FROM (SELECT w.node, w.depth, w.edgeId,
                           ROW_NUMBER() OVER (
                               PARTITION BY w.node
                               ORDER BY w.depth, w.sure DESC, e.isConditional, e.targetId) AS position
                      FROM walk w LEFT JOIN edge e ON e.id = w.edgeId)
             WHERE position = 1
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
        walk(node, depth, edgeId, sure) AS (
            SELECT :origin, 0, NULL, 1
            UNION
            SELECT e.targetId, w.depth + e.hopCost, e.id, w.sure * (1 - e.isConditional)
              FROM walk w
              JOIN edge e ON e.sourceId = w.node
             WHERE w.depth < :maxHops
               AND (:unconditionalOnly = 0 OR e.isConditional = 0)
        ),
        pointer(node, depth, previousEdge) AS MATERIALIZED (
            SELECT node, depth, edgeId
              FROM (SELECT w.node, w.depth, w.edgeId,
                           ROW_NUMBER() OVER (
                               PARTITION BY w.node
                               ORDER BY w.depth, w.sure DESC, e.isConditional, e.sourceId) AS position
                      FROM walk w LEFT JOIN edge e ON e.id = w.edgeId)
             WHERE position = 1
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
