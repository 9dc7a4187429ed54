import { ResolvedNode } from '../resolved-node';

/**
 * SQL pieces for reading the case history (case_events). A case's place (region path and
 * school) changes only when a transfer to another region is accepted (跨区域转接), so most
 * cases sit today where they always sat; only the few moved ones are looked up in the past.
 */

/** Start of the China day (Asia/Shanghai, UTC+8) `day` as an instant. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The end of the China day `day`: the start of the next one (exclusive). */
export function chinaDayEnd(day: string): Date {
  return new Date(chinaDayStart(day).getTime() + 24 * 3600 * 1000);
}

/**
 * The parameters of the node CTEs: $1 node refs, $2 region paths (null for schools), $3 school
 * ids (null for regions), then one LIKE pattern per region subtree (a path within another
 * node's is left out), from $4 on; `next` is the first parameter number left.
 */
export function nodeParams(nodes: readonly ResolvedNode[]): { params: unknown[]; next: number; cte: string } {
  const paths = nodes.map((n) => (n.kind === 'school' ? null : n.path));
  const subtrees = [...new Set(paths.filter((p): p is string => p !== null))]
    .sort()
    .filter((path, i, sorted) => !sorted.slice(0, i).some((outer) => path.startsWith(outer)));
  return {
    params: [
      nodes.map((n) => n.ref),
      paths,
      nodes.map((n) => (n.kind === 'school' ? n.id : null)),
      ...subtrees.map((path) => `${path}%`),
    ],
    next: 4 + subtrees.length,
    cte: nodesAndCandidates(subtrees.map((_, i) => `c.region_path LIKE $${4 + i}`)),
  };
}

/**
 * `nodes(ref, path, school_id)`, `moved` (cases an accepted transfer moved) and `cand`: the
 * cases that may ever have been in one of the nodes: those there now, found by index (region
 * path prefixes, school ids), and every moved case, flagged so its past place is looked up.
 */
function nodesAndCandidates(likes: string[]): string {
  const here = [...likes, 'c.school_id = ANY($3::uuid[])'].join(' OR ');
  return `
  nodes AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) AS n(ref, path, school_id)
  ),
  moved AS (
    SELECT DISTINCT case_id FROM case_transfers WHERE status = 'accepted'
  ),
  cand AS MATERIALIZED (
    SELECT c.id, c.region_path, c.school_id, c.state, false AS moved
      FROM cases c
     WHERE (${here}) AND c.id NOT IN (SELECT case_id FROM moved)
    UNION ALL
    SELECT c.id, c.region_path, c.school_id, c.state, true FROM cases c WHERE c.id IN (SELECT case_id FROM moved)
  )`;
}

/**
 * Where the case `f` (with columns id, region_path, school_id, moved) was just before the
 * instant `bound`: transfers accepted at or after it had not happened yet, so the first of
 * them tells the path it left (case_transfers.from_case_path) and, when it dropped the school,
 * the school it left (payload fromSchoolId). Adds `place_path` and `place_school_id` columns.
 */
function placeBefore(f: string, bound: string): string {
  return `
    LEFT JOIN LATERAL (
      SELECT
        (SELECT tr.from_case_path FROM case_events e
           JOIN case_transfers tr ON tr.id::text = e.payload->>'transferId'
          WHERE e.case_id = ${f}.id AND e.kind = 'transfer' AND e.payload->>'action' = 'accept_transfer'
            AND e.at >= ${bound}
          ORDER BY e.at LIMIT 1) AS left_path,
        (SELECT COALESCE(e.payload->>'fromSchoolId', '') FROM case_events e
          WHERE e.case_id = ${f}.id AND e.kind = 'transfer' AND e.payload->>'action' = 'accept_transfer'
            AND e.payload->>'schoolDropped' = 'true' AND e.at >= ${bound}
          ORDER BY e.at LIMIT 1) AS left_school
       WHERE ${f}.moved
    ) mv ON true`;
}

/** The place columns after `placeBefore`. */
function placeColumns(f: string): string {
  return `COALESCE(mv.left_path, ${f}.region_path) AS place_path,
          CASE WHEN mv.left_school IS NULL THEN ${f}.school_id ELSE NULLIF(mv.left_school, '')::uuid END
            AS place_school_id`;
}

/** Joins placed rows `p` (place_path, place_school_id) to the nodes they count in. */
const IN_NODE = `(n.school_id IS NULL AND p.place_path LIKE n.path || '%')
     OR (n.school_id IS NOT NULL AND p.place_school_id = n.school_id)`;

/**
 * `counted(ref, i, key, n)` from facts `f` (key, i, id, region_path, school_id, moved, at): cases
 * never moved are grouped by their place first; moved ones are placed one by one as of `f.at`.
 */
export function countByNode(facts: string): string {
  return `
  placed AS (
    SELECT f.key, f.i, f.region_path AS place_path, f.school_id AS place_school_id, count(*) AS n
      FROM ${facts} f WHERE NOT f.moved
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT f.key, f.i, ${placeColumns('f')}, 1
      FROM ${facts} f ${placeBefore('f', 'f.at')}
     WHERE f.moved
  ),
  counted AS (
    SELECT n.ref, p.i, p.key, sum(p.n)::int AS n
      FROM placed p JOIN nodes n ON ${IN_NODE}
     GROUP BY 1, 2, 3
  )`;
}
