import { NodeFigures } from '@baoxue/contracts';
import { CASE_FIGURE_KEYS, CaseFigureKey, isAtZero, periodOf } from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ResolvedNode } from '../resolved-node';
import { chinaDayEnd, chinaDayStart, countByNode, nodeParams } from './case-history.sql';

/**
 * One row per (case, figure) at the end of the day (`end`), each with the instant its place is
 * taken at, counted per node:
 * - the state the case was in: the one the first state change at or after the end left (its
 *   from_state; none when that change opened the case), else, with no change since, the state
 *   it is in now. Walking back from now reads only the history after the day, not all of it;
 * - this term's returns, placements, exclusions and closings (from `termStart`), where the case
 *   was at the time;
 * - due items created by then, not resolved by then, due before the day (`day`) (逾期).
 */
function figuresAtSql(cte: string, end: string, day: string, termStart: string): string {
  return `
  WITH ${cte},
  later AS (
    SELECT DISTINCT ON (e.case_id) e.case_id, e.from_state
      FROM case_events e
     WHERE e.to_state IS NOT NULL AND e.at >= ${end} AND e.case_id IN (SELECT id FROM cand)
     ORDER BY e.case_id, e.at
  ),
  facts AS (
    SELECT CASE st.state WHEN 'persuading' THEN 'open' WHEN 'monitoring' THEN 'monitoring'
                ELSE 'toClear' END AS key,
           0 AS i, s.id, s.region_path, s.school_id, s.moved, ${end}::timestamptz AS at
      FROM cand s
      LEFT JOIN later l ON l.case_id = s.id
     CROSS JOIN LATERAL (SELECT CASE WHEN l.case_id IS NULL THEN s.state ELSE l.from_state END AS state) st
     WHERE st.state IN ('persuading', 'monitoring', 'suspected', 'verifying')
    UNION ALL
    SELECT CASE WHEN e.transition = 'record_return' THEN 'returnedThisTerm'
                WHEN e.transition = 'record_placement' THEN 'placedThisTerm'
                WHEN e.to_state = 'excluded' THEN 'excludedThisTerm'
                ELSE 'closedThisTerm' END,
           0, s.id, s.region_path, s.school_id, s.moved, e.at
      FROM cand s
      JOIN case_events e ON e.case_id = s.id AND e.at >= ${termStart} AND e.at < ${end}
     WHERE e.kind = 'transition'
       AND (e.transition IN ('record_return', 'record_placement') OR e.to_state IN ('excluded', 'closed'))
       AND e.from_state IS DISTINCT FROM e.to_state
    UNION ALL
    SELECT 'overdueItems', 0, s.id, s.region_path, s.school_id, s.moved, ${end}::timestamptz
      FROM cand s
      JOIN due_items d ON d.case_id = s.id
     WHERE d.created_at < ${end} AND (d.resolved_at IS NULL OR d.resolved_at >= ${end}) AND d.due_on < ${day}::date
  ),
  ${countByNode('facts')}
  SELECT ref, key, n AS count FROM counted`;
}

export function emptyFigures(): NodeFigures {
  const counts = Object.fromEntries(CASE_FIGURE_KEYS.map((key) => [key, 0])) as Record<CaseFigureKey, number>;
  return { ...counts, atZero: true };
}

/**
 * Case figures as they stood at the end of a past China day, replayed from the case history
 * (case_events), not read from today's state: a region counts a case by the village it was in
 * then, a school by the school it had then.
 */
@Injectable()
export class AsOfFigures {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Each node's figures at the end of `day` (YYYY-MM-DD, Asia/Shanghai), by node ref. */
  async figuresAt(
    nodes: readonly ResolvedNode[],
    day: string,
    manager?: EntityManager,
  ): Promise<Map<string, NodeFigures>> {
    const result = new Map<string, NodeFigures>(nodes.map((n) => [n.ref, emptyFigures()]));
    if (nodes.length === 0) return result;
    const db = manager ?? this.dataSource.manager;
    const { params, next, cte } = nodeParams(nodes);
    const term = periodOf('semester', day);
    const rows: { ref: string; key: CaseFigureKey; count: number }[] = await db.query(
      figuresAtSql(cte, `$${next}`, `$${next + 1}`, `$${next + 2}`),
      [...params, chinaDayEnd(day), day, chinaDayStart(term.from)],
    );
    for (const row of rows) {
      const figures = result.get(row.ref);
      if (figures) figures[row.key] = row.count;
    }
    for (const figures of result.values()) figures.atZero = isAtZero(figures);
    return result;
  }
}
