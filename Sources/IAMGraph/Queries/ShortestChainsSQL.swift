/// The SQL behind chain queries, kept as literals with named arguments so
/// the same text can move to PostgreSQL. Values are always bound, never
/// interpolated.
///
/// A query runs in two steps over temporary tables:
/// 1. a breadth-first walk records each reachable node's distance, and its
///    distance over unconditional edges alone. From one origin, one
///    recursive query fills `chainDistance` (`UNION` deduplicates on (node,
///    depth, sure), so the work is bounded by edges × hop limit whatever
///    the number of paths, and cycles cannot loop because depth only grows
///    to the limit). Towards seeds, whose answers are the large ones, one
///    statement per round fills `seedDistance`, reading each node's edges
///    once;
/// 2. each node points along one edge to a neighbour a hop closer — an
///    unconditional edge to a neighbour whose own shortest chain needs no
///    condition first, so a shortest chain without conditions is the one
///    shown. From an origin, a query sets the pointers and a recursive
///    query follows them to rebuild one path per node; towards seeds, the
///    walk keeps the pointers as it goes and ``ChainQueries`` follows them.
///    The temporary tables' keys make each neighbour lookup an index search.
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

    /// The scratch tables of a walk towards seeds: each principal's depth,
    /// the round of the walk that set it, and the edge it points along, a
    /// hop closer to a seed, with that edge's rank (see ``stepBack``); and
    /// each principal's depth by unconditional edges alone.
    static let prepareSeedWalk = """
        CREATE TEMP TABLE IF NOT EXISTS seedDistance (
            node INTEGER PRIMARY KEY,
            depth INTEGER NOT NULL,
            round INTEGER NOT NULL,
            nextRank INTEGER,
            nextNode INTEGER,
            nextEdge INTEGER
        );
        CREATE INDEX IF NOT EXISTS seedDistance_round ON seedDistance (round);
        CREATE TEMP TABLE IF NOT EXISTS seedSureDistance (
            node INTEGER PRIMARY KEY,
            depth INTEGER NOT NULL,
            round INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS seedSureDistance_round ON seedSureDistance (round);
        DELETE FROM seedDistance;
        DELETE FROM seedSureDistance;
        """

    /// The seeds (a JSON array of ids), at depth 0 by any chain and by an
    /// unconditional one, in round 0, pointing nowhere.
    static let startSeedWalk = """
        INSERT INTO seedDistance (node, depth, round)
        SELECT value, 0, 0 FROM json_each(:seeds) WHERE true
        ON CONFLICT (node) DO NOTHING;
        INSERT INTO seedSureDistance (node, depth, round)
        SELECT value, 0, 0 FROM json_each(:seeds) WHERE true
        ON CONFLICT (node) DO NOTHING
        """

    /// The walk over unconditional edges alone, run first: as
    /// ``stepBack``, without pointers. Every principal found gets its
    /// shortest depth over the edges into those of round `:round`.
    static let stepBackSure = """
        INSERT INTO seedSureDistance (node, depth, round)
        SELECT e.sourceId, MIN(w.depth + e.hopCost),
               CASE WHEN MIN(e.hopCost) = 0 THEN :sameLevelRound ELSE :nextLevelRound END
          FROM seedSureDistance w
          JOIN edge e ON e.targetId = w.node
          LEFT JOIN seedSureDistance v ON v.node = e.sourceId
         WHERE w.round = :round AND e.isConditional = 0 AND w.depth + e.hopCost <= :maxHops
           AND (v.node IS NULL OR v.depth > w.depth + e.hopCost)
         GROUP BY e.sourceId
        ON CONFLICT (node) DO UPDATE SET depth = excluded.depth, round = excluded.round
         WHERE excluded.depth < seedSureDistance.depth
        """

    /// Follows the edges into the principals of round `:round` one step
    /// back. A step gives its source the target's depth plus the edge's
    /// `hopCost` (0 into a class of callers: round `:sameLevelRound`, which
    /// is walked next, before round `:nextLevelRound` of the next level),
    /// and a way to point: of the steps at its shortest depth, a source
    /// keeps the one of lowest rank — an unconditional edge to a principal
    /// whose own shortest chain needs no condition (0), another
    /// unconditional edge (1), a conditional one (2) — then of lowest
    /// target id (then kind and edge id). So a shortest chain without
    /// conditions is the one shown. Each principal's edges are read once, for its depth and
    /// its neighbours' pointers at the same time: the walk's main cost.
    /// (The ranking keeps one row per source, as PostgreSQL's `ON CONFLICT
    /// DO UPDATE` requires.)
    static let stepBack = """
        INSERT INTO seedDistance (node, depth, round, nextRank, nextNode, nextEdge)
        SELECT node, depth, round, nextRank, nextNode, nextEdge
          FROM (SELECT e.sourceId AS node, w.depth + e.hopCost AS depth,
                       CASE WHEN e.hopCost = 0 THEN :sameLevelRound ELSE :nextLevelRound END AS round,
                       \(rank) AS nextRank,
                       e.targetId AS nextNode, e.id AS nextEdge,
                       ROW_NUMBER() OVER (
                           PARTITION BY e.sourceId
                           ORDER BY w.depth + e.hopCost, \(rank), e.targetId, e.kind, e.id
                       ) AS preference
                  FROM seedDistance w
                  JOIN edge e ON e.targetId = w.node
                  LEFT JOIN seedSureDistance u ON u.node = w.node
                  LEFT JOIN seedDistance v ON v.node = e.sourceId
                 WHERE w.round = :round AND w.depth + e.hopCost <= :maxHops
                   AND (v.node IS NULL OR v.depth >= w.depth + e.hopCost)
                   AND (:unconditionalOnly = 0 OR e.isConditional = 0)) step
         WHERE preference = 1
        ON CONFLICT (node) DO UPDATE SET
            depth = excluded.depth,
            round = CASE WHEN excluded.depth < seedDistance.depth THEN excluded.round ELSE seedDistance.round END,
            nextRank = excluded.nextRank,
            nextNode = excluded.nextNode,
            nextEdge = excluded.nextEdge
         WHERE excluded.depth < seedDistance.depth
            OR (excluded.depth = seedDistance.depth
                AND (excluded.nextRank, excluded.nextNode, excluded.nextEdge)
                    < (seedDistance.nextRank, seedDistance.nextNode, seedDistance.nextEdge))
        """

    /// Whether the walk found no principal in round `:round`, over every
    /// edge or (``sureRoundIsEmpty``) over unconditional ones.
    static let roundIsEmpty = "SELECT NOT EXISTS (SELECT 1 FROM seedDistance WHERE round = :round)"
    static let sureRoundIsEmpty = "SELECT NOT EXISTS (SELECT 1 FROM seedSureDistance WHERE round = :round)"

    /// How a step ranks as a way to point, for an edge `e` into `w`, whose
    /// unconditional depth is `u.depth`.
    private static let rank = """
        CASE WHEN e.isConditional = 0 AND u.depth = w.depth THEN 0 WHEN e.isConditional = 0 THEN 1 ELSE 2 END
        """

    /// Every principal the walk reached, with the edge and neighbour it
    /// points to (`NULL` for the seeds).
    static let seedPointers = "SELECT node, nextEdge, nextNode FROM seedDistance"

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
