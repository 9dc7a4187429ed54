import {
  Breakdowns,
  BreakdownRow,
  DashboardNode,
  LongestOpenCase,
  OverdueItemSummary,
  ResponsibleSummary,
  TrendGranularity,
  TrendPoint,
  Trends,
} from '@baoxue/contracts';
import {
  CASE_REASONS,
  CASE_SOURCES,
  CaseState,
  chinaToday,
  daysBetween,
  DueKind,
  isIsoDate,
  SPECIAL_STATUS_FLAGS,
} from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { invalid } from '../../common/domain-error';
import { ResolvedNode } from '../resolved-node';
import { chinaDayEnd, chinaDayStart, countByNode, nodeParams } from './case-history.sql';
import { defaultTrendFrom, MAX_TREND_POINTS, trendPeriods } from './trend-periods';

/** Cases still to be worked: to clear (疑似, 核查中) or open (劝返中). */
const UNSETTLED_STATES: readonly CaseState[] = ['suspected', 'verifying', 'persuading'];

/**
 * Per period (`starts` and `ends`: the periods' first and last instants, in order; `count`
 * of them): cases opened and moved to monitoring by a return or placement in it, where the
 * case was then; and cases open (劝返中) at its end, where they were then. A state holds from
 * its event until the next one (a run), so width_bucket (a binary search over the ends) finds
 * the period ends each run covers. Runs of cases never moved are summed as +1 at their first
 * period and −1 after their last, so the work grows with the runs, not runs × periods.
 */
function trendsSql(cte: string, starts: string, ends: string, count: string): string {
  return `
  WITH ${cte},
  ev AS (
    SELECT s.id, s.region_path, s.school_id, s.moved, e.kind, e.transition, e.to_state, e.at
      FROM cand s
      JOIN case_events e ON e.case_id = s.id AND e.to_state IS NOT NULL AND e.at < (${ends})[${count}]
  ),
  flow AS (
    SELECT CASE WHEN ev.kind = 'opened' THEN 'opened' ELSE 'returned' END AS key,
           width_bucket(ev.at, ${starts}) AS i, ev.id, ev.region_path, ev.school_id, ev.moved, ev.at
      FROM ev
     WHERE ev.at >= (${starts})[1]
       AND (ev.kind = 'opened' OR ev.transition IN ('record_return', 'record_placement'))
  ),
  runs AS (
    SELECT r.*, width_bucket(r.since, ${ends}) + 1 AS first_i,
           COALESCE(width_bucket(r.until, ${ends}), ${count}) AS last_i
      FROM (SELECT ev.id, ev.region_path, ev.school_id, ev.moved, ev.to_state, ev.at AS since,
                   lead(ev.at) OVER (PARTITION BY ev.id ORDER BY ev.at) AS until
              FROM ev) r
     WHERE r.to_state = 'persuading'
  ),
  moved_facts AS (
    SELECT key, i, id, region_path, school_id, moved, at FROM flow WHERE moved
    UNION ALL
    SELECT 'open', g.i, r.id, r.region_path, r.school_id, r.moved, (${ends})[g.i]
      FROM runs r CROSS JOIN LATERAL generate_series(r.first_i, r.last_i) AS g(i)
     WHERE r.moved
  ),
  ${countByNode('moved_facts')},
  steps AS (
    SELECT i, sum(d) AS d FROM (
      SELECT first_i AS i, 1 AS d FROM runs WHERE NOT moved AND first_i <= last_i
      UNION ALL
      SELECT last_i + 1, -1 FROM runs WHERE NOT moved AND first_i <= last_i
    ) x GROUP BY i
  ),
  still AS (
    SELECT key, i, count(*) AS n FROM flow WHERE NOT moved GROUP BY 1, 2
    UNION ALL
    SELECT 'open', g.i, sum(COALESCE(st.d, 0)) OVER (ORDER BY g.i)
      FROM generate_series(1, ${count}) AS g(i) LEFT JOIN steps st ON st.i = g.i
    UNION ALL
    SELECT key, i, n FROM counted
  )
  SELECT i, key, sum(n)::int AS count FROM still GROUP BY 1, 2`;
}

export function toDashboardNode(node: ResolvedNode): DashboardNode {
  return { ref: node.ref, kind: node.kind, name: node.name, path: node.path, parentRef: node.parentRef };
}

/** `c.region_path LIKE $n` or `c.school_id = $n`: the cases a node counts now, and the parameter. */
function nodeCases(node: ResolvedNode, alias: string, param: number): { sql: string; value: string } {
  return node.kind === 'school'
    ? { sql: `${alias}.school_id = $${param}`, value: node.id }
    : { sql: `${alias}.region_path LIKE $${param}`, value: `${node.path}%` };
}

/** Every key of `keys` with its count (0 when absent), most first, then in the keys' order. */
function rowsOf<K extends string>(
  keys: readonly K[],
  counts: Map<string, number>,
): (BreakdownRow & { key: K })[] {
  return keys
    .map((key) => ({ key, count: counts.get(key) ?? 0 }))
    .sort((a, b) => b.count - a.count || keys.indexOf(a.key) - keys.indexOf(b.key));
}

/** Trends, causes and the longest-open and most overdue for the dashboard: aggregates, no child's data. */
@Injectable()
export class DashboardHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async trends(
    node: ResolvedNode,
    granularity: TrendGranularity,
    from?: string,
    to?: string,
  ): Promise<Trends> {
    const today = chinaToday(this.clock.now());
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (value !== undefined && !isIsoDate(value))
        throw invalid(field, 'isDate', `${field} must be a real date written YYYY-MM-DD`);
    const last = to ?? today;
    if (last > today) throw invalid('to', 'notFuture', 'to must not be after today');
    const first = from ?? defaultTrendFrom(granularity, last);
    if (first > last) throw invalid('from', 'notAfterTo', 'from must not be after to');
    const periods = trendPeriods(granularity, first, last);
    if (periods.length > MAX_TREND_POINTS)
      throw invalid('from', 'maxPoints', `from..to must span at most ${MAX_TREND_POINTS} ${granularity}s`);

    // Cases never moved are all in the node (`cand`): only moved ones are matched to it.
    const { params, next, cte } = nodeParams([node]);
    const rows: { i: number; key: 'opened' | 'returned' | 'open'; count: number }[] =
      await this.dataSource.query(
        trendsSql(cte, `$${next}::timestamptz[]`, `$${next + 1}::timestamptz[]`, `$${next + 2}::int`),
        [
          ...params,
          periods.map((p) => chinaDayStart(p.from)),
          periods.map((p) => chinaDayEnd(p.to)),
          periods.length,
        ],
      );
    const points: TrendPoint[] = periods.map((p) => ({
      period: p.id,
      from: p.from,
      to: p.to,
      opened: 0,
      returned: 0,
      open: 0,
    }));
    for (const row of rows) {
      const point = points[row.i - 1];
      if (point) point[row.key] = row.count;
    }
    return { node: toDashboardNode(node), granularity, points };
  }

  async breakdowns(node: ResolvedNode): Promise<Breakdowns> {
    const where = nodeCases(node, 'c', 2);
    const rows: { dim: 'reason' | 'grade' | 'source' | 'flag'; key: string; count: number }[] =
      await this.dataSource.query(
        `WITH base AS (
           SELECT c.primary_reason, c.source, c.student_id, COALESCE(s.grade, 0) AS grade
             FROM cases c JOIN students s ON s.id = c.student_id
            WHERE c.state = ANY($1::case_state[]) AND ${where.sql}
         )
         SELECT 'reason' AS dim, primary_reason::text AS key, count(*)::int AS count FROM base GROUP BY 2
         UNION ALL SELECT 'grade', grade::text, count(*)::int FROM base GROUP BY 2
         UNION ALL SELECT 'source', source::text, count(*)::int FROM base GROUP BY 2
         UNION ALL
         SELECT 'flag', f.flag::text, count(DISTINCT b.student_id)::int
           FROM base b JOIN student_flags f ON f.student_id = b.student_id
          WHERE f.from_date <= $3::date AND (f.to_date IS NULL OR f.to_date >= $3::date)
          GROUP BY 2`,
        [UNSETTLED_STATES, where.value, chinaToday(this.clock.now())],
      );
    const by = (dim: string) => new Map(rows.filter((r) => r.dim === dim).map((r) => [r.key, r.count]));
    return {
      node: toDashboardNode(node),
      byReason: rowsOf(CASE_REASONS, by('reason')),
      byGrade: [...by('grade').entries()]
        .map(([key, count]) => ({ key, count }))
        .sort((a, b) => Number(a.key) - Number(b.key)),
      bySource: rowsOf(CASE_SOURCES, by('source')),
      byFlag: rowsOf(SPECIAL_STATUS_FLAGS, by('flag')),
    };
  }

  /** Cases to clear or open, opened longest ago first. */
  async longestOpen(node: ResolvedNode, limit: number): Promise<LongestOpenCase[]> {
    const where = nodeCases(node, 'c', 2);
    const rows: {
      id: string;
      state: CaseState;
      opened_at: Date;
      region_name: string | null;
      school_name: string | null;
    }[] = await this.dataSource.query(
      `SELECT c.id, c.state, c.opened_at, r.name AS region_name, o.name AS school_name
         FROM cases c
         LEFT JOIN organisations o ON o.id = c.school_id
         LEFT JOIN LATERAL (SELECT name FROM regions WHERE path = c.region_path LIMIT 1) r ON true
        WHERE c.state = ANY($1::case_state[]) AND ${where.sql}
        ORDER BY c.opened_at, c.id
        LIMIT $3`,
      [UNSETTLED_STATES, where.value, limit],
    );
    const responsibles = await this.responsibles(rows.map((r) => r.id));
    const today = chinaToday(this.clock.now());
    return rows.map((r) => ({
      caseId: r.id,
      state: r.state,
      openedAt: new Date(r.opened_at).toISOString(),
      daysOpen: Math.max(0, daysBetween(chinaToday(new Date(r.opened_at)), today)),
      regionName: r.region_name ?? '',
      schoolName: r.school_name,
      responsibles: responsibles.get(r.id) ?? [],
    }));
  }

  /** Pending due items past their due day (cases' work and schools' monthly reports), most overdue first. */
  async overdue(node: ResolvedNode, limit: number): Promise<OverdueItemSummary[]> {
    const today = chinaToday(this.clock.now());
    const where =
      node.kind === 'school'
        ? { sql: 'COALESCE(c.school_id, d.school_id) = $2', value: node.id }
        : { sql: 'd.region_path LIKE $2', value: `${node.path}%` };
    const rows: {
      id: string;
      case_id: string | null;
      school_id: string | null;
      kind: DueKind;
      due_on: string;
      region_name: string | null;
      school_name: string | null;
    }[] = await this.dataSource.query(
      `SELECT d.id, d.case_id, COALESCE(c.school_id, d.school_id) AS school_id, d.kind, d.due_on::text AS due_on,
              r.name AS region_name, o.name AS school_name
         FROM due_items d
         LEFT JOIN cases c ON c.id = d.case_id
         LEFT JOIN organisations o ON o.id = COALESCE(c.school_id, d.school_id)
         LEFT JOIN LATERAL (SELECT name FROM regions WHERE path = d.region_path LIMIT 1) r ON true
        WHERE d.status = 'pending' AND d.due_on < $1::date AND ${where.sql}
        ORDER BY d.due_on, d.id
        LIMIT $3`,
      [today, where.value, limit],
    );
    const responsibles = await this.responsibles(rows.flatMap((r) => (r.case_id ? [r.case_id] : [])));
    return rows.map((r) => ({
      dueItemId: r.id,
      caseId: r.case_id,
      schoolId: r.school_id,
      kind: r.kind,
      dueOn: r.due_on,
      daysOverdue: daysBetween(r.due_on, today),
      regionName: r.region_name ?? '',
      schoolName: r.school_name,
      responsibles: r.case_id ? (responsibles.get(r.case_id) ?? []) : [],
    }));
  }

  /** The active responsible persons (双线: government and education line) of each case. */
  private async responsibles(caseIds: string[]): Promise<Map<string, ResponsibleSummary[]>> {
    const result = new Map<string, ResponsibleSummary[]>();
    if (caseIds.length === 0) return result;
    const rows: { case_id: string; name: string; line: string; level: string }[] =
      await this.dataSource.query(
        `SELECT case_id, name, line::text AS line, level::text AS level FROM case_responsibles
        WHERE case_id = ANY($1::uuid[]) AND active
        ORDER BY line, level, created_at, id`,
        [caseIds],
      );
    for (const row of rows) {
      const list = result.get(row.case_id) ?? [];
      list.push({ name: row.name, line: row.line, level: row.level });
      result.set(row.case_id, list);
    }
    return result;
  }
}
