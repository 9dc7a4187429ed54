import { Client } from 'pg';

export const LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;
export type Level = (typeof LEVELS)[number];

export interface BenchNode {
  level: Level;
  id: string;
  name: string;
  path: string;
}

/** The synchronous ledger export's row limit (LEDGER_SYNC_EXPORT_LIMIT): the county is chosen under it. */
const COUNTY_STUDENTS_AT_MOST = 5_000;

/**
 * One node per level along a single chain: the county (not a management zone) with the
 * most students up to 5,000 — its 适龄儿童台账 is the ledger exported — then, in it, the
 * village with the most open (persuading) cases, then the most cases, and its town, the
 * county's city and the province.
 */
export async function pickNodes(client: Client): Promise<BenchNode[]> {
  const { rows } = await client.query<{ path: string }>(
    `WITH county AS (
       SELECT r.path
         FROM (SELECT substring(region_path FROM '^/[^/]+/[^/]+/[^/]+/') AS path, count(*)::int AS n
                 FROM students GROUP BY 1) s
         JOIN regions r ON r.path = s.path AND r.kind = 'county'
        WHERE s.n <= $1
        ORDER BY s.n DESC, r.path LIMIT 1
     )
     SELECT c.region_path AS path
       FROM county JOIN cases c ON c.region_path LIKE county.path || '%'
       JOIN regions v ON v.path = c.region_path AND v.kind = 'village'
      GROUP BY c.region_path
      ORDER BY count(*) FILTER (WHERE c.state = 'persuading') DESC, count(*) DESC, c.region_path
      LIMIT 1`,
    [COUNTY_STUDENTS_AT_MOST],
  );
  if (!rows[0]) throw new Error('no village has cases: is the dataset built?');
  const segments = rows[0].path.split('/').filter(Boolean);
  const paths = segments.map((_, k) => `/${segments.slice(0, k + 1).join('/')}/`);
  const found = await client.query<{ id: string; name: string; path: string; kind: string }>(
    `SELECT id, name, path, kind FROM regions WHERE path = ANY($1::text[]) ORDER BY depth`,
    [paths],
  );
  const nodes = found.rows.map((row) => ({
    level: row.kind as Level,
    id: row.id,
    name: row.name,
    path: row.path,
  }));
  const levels = nodes.map((node) => node.level).join(',');
  if (levels !== LEVELS.join(',')) throw new Error(`unexpected chain of regions: ${levels}`);
  return nodes;
}

/**
 * The floor: what the status call must at least do, written by hand against `cases`
 * alone — the node's cases counted by state and by this term's endings, grouped by the
 * child node they fall in, plus the node's total (ROLLUP). Region paths use the C
 * collation, so the prefix LIKE is a btree range scan.
 */
export const FLOOR_SQL = `
  SELECT split_part(substr(c.region_path, length($1) + 1), '/', 1) AS child,
         count(*) FILTER (WHERE c.state = 'persuading')::int AS open,
         count(*) FILTER (WHERE c.state IN ('suspected', 'verifying'))::int AS to_clear,
         count(*) FILTER (WHERE c.state = 'monitoring')::int AS monitoring,
         count(*) FILTER (WHERE c.state = 'monitoring' AND c.monitoring_started_on >= $3)::int AS returned_this_term,
         count(*) FILTER (WHERE c.state = 'excluded')::int AS excluded,
         count(*) FILTER (WHERE c.closed_at >= $2)::int AS closed_this_term
    FROM cases c
   WHERE c.region_path LIKE $4
   GROUP BY ROLLUP (1)`;

export function floorParams(node: BenchNode, termStart: string): unknown[] {
  return [node.path, `${termStart}T00:00:00+08:00`, termStart, `${node.path}%`];
}
