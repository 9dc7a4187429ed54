import { ReportingStatus, SchoolReportStatus } from '@baoxue/contracts';
import {
  caseSettings,
  CaseSettings,
  chinaToday,
  countyPathOf,
  parsePeriod,
  periodOf,
  schoolReportDueOn,
  Scope,
} from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { invalid } from '../common/domain-error';
import { likeContains, pageOf } from '../common/dto/page-query.dto';
import { NodeResolver } from '../dashboard/node-resolver';
import { ResolvedNode } from '../dashboard/resolved-node';
import { ReportingStatusQueryDto } from './dto/reporting.dto';

interface StatusRow {
  id: string;
  name: string;
  region_path: string;
  region_name: string;
  due_on: string;
  report_id: string | null;
  submitted_at: Date | null;
  submitted_by_name: string | null;
  snapshot_id: string | null;
  overdue: boolean;
}

interface PageRow extends StatusRow {
  total: number;
  submitted_total: number;
  overdue_total: number;
}

/**
 * Which of a node's schools have submitted a month's report (四个一 月报), due on their
 * county's day. Set-based: one statement for the page and one for the counts, whatever the
 * number of schools (a province has thousands).
 */
@Injectable()
export class ReportingStatusQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nodes: NodeResolver,
    private readonly clock: Clock,
  ) {}

  async status(scope: Scope, query: ReportingStatusQueryDto): Promise<ReportingStatus> {
    const node = await this.nodes.resolve(scope, query.node);
    const today = chinaToday(this.clock.now());
    const period = query.period ? parsePeriod('month', query.period) : periodOf('month', today);
    if (!period) throw invalid('period', 'isMonth', 'period must be a month written YYYY-MM');
    if (period.from > today)
      throw invalid('period', 'notFuture', 'period must not be after the current month');
    const dues = await this.dueDays(node, period.id);
    const { page, pageSize, skip } = pageOf(query);

    // $1 node filter, $2 period, $3 counties, $4 their due days, $5 the default due day, $6 today.
    const params: unknown[] = [
      node.kind === 'school' ? node.id : `${node.path}%`,
      period.id,
      dues.counties,
      dues.dueOns,
      dues.fallback,
      today,
    ];
    // Lean rows for every school (the sort needs them all); names and snapshots for the page only.
    const schools = `
      WITH s AS (
        SELECT o.id, o.name, o.region_id, o.region_path,
               substring(o.region_path from '^/[^/]+/[^/]+/[^/]+/') AS county_path
          FROM organisations o
         WHERE o.type = 'school' AND ${node.kind === 'school' ? 'o.id = $1::uuid' : 'o.region_path LIKE $1'}
      ), x AS (
        SELECT s.id, s.name, s.region_id, s.region_path, coalesce(c.due_on, $5::date) AS due_on,
               m.id AS report_id, m.submitted_at, m.submitted_by_user_id,
               (m.id IS NULL AND coalesce(c.due_on, $5::date) < $6::date) AS overdue
          FROM s
          LEFT JOIN unnest($3::text[], $4::date[]) AS c(county_path, due_on) ON c.county_path = s.county_path
          LEFT JOIN school_monthly_reports m ON m.school_id = s.id AND m.period = $2
      )`;
    const order = '(report_id IS NOT NULL), overdue DESC, name, id';
    const search = query.q ? likeContains(query.q) : null;
    const rows: PageRow[] = await this.dataSource.query(
      `${schools}, page AS (
         SELECT x.*, count(*) OVER ()::int AS total, count(x.report_id) OVER ()::int AS submitted_total,
                (count(*) FILTER (WHERE x.overdue) OVER ())::int AS overdue_total
           FROM x WHERE $7::text IS NULL OR x.name ILIKE $7
          ORDER BY ${order} LIMIT $8 OFFSET $9
       )
       SELECT page.id, page.name, page.region_path, page.due_on::text AS due_on, page.report_id,
              page.submitted_at, page.overdue, page.total, page.submitted_total, page.overdue_total,
              r.name AS region_name, u.display_name AS submitted_by_name, ps.id AS snapshot_id
         FROM page
         JOIN regions r ON r.id = page.region_id
         LEFT JOIN users u ON u.id = page.submitted_by_user_id
         LEFT JOIN period_snapshots ps ON ps.node_id = page.id AND ps.period_kind = 'month' AND ps.period = $2
        ORDER BY ${order}`,
      [...params, search, pageSize, skip],
    );
    const first = rows[0];
    // Without a search the page's window counts are the node's; otherwise (or past the end) count apart.
    const counts =
      first && search === null
        ? { schools: first.total, submitted: first.submitted_total, overdue: first.overdue_total }
        : await this.counts(schools, params);
    const total =
      first?.total ?? (search === null ? counts.schools : await this.countMatching(schools, params, search));
    return {
      node: { ref: node.ref, kind: node.kind, name: node.name, path: node.path },
      period: { kind: 'month', id: period.id, from: period.from, to: period.to },
      counts: { ...counts, missing: counts.schools - counts.submitted },
      items: rows.map(toStatus),
      total,
      page,
      pageSize,
    };
  }

  private async counts(
    schools: string,
    params: unknown[],
  ): Promise<{ schools: number; submitted: number; overdue: number }> {
    const [counts]: { schools: number; submitted: number; overdue: number }[] = await this.dataSource.query(
      `${schools} SELECT count(*)::int AS schools, count(report_id)::int AS submitted,
                         count(*) FILTER (WHERE overdue)::int AS overdue FROM x`,
      params,
    );
    return counts;
  }

  /** The schools a search matches, when the page is past the end. */
  private async countMatching(schools: string, params: unknown[], search: string | null): Promise<number> {
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `${schools} SELECT count(*)::int AS total FROM x WHERE $7::text IS NULL OR x.name ILIKE $7`,
      [...params, search],
    );
    return total;
  }

  /**
   * The month's due day in each county (or zone) with saved rules that the node's schools
   * may stand in; every other school's is the deployment's default.
   */
  private async dueDays(
    node: ResolvedNode,
    period: string,
  ): Promise<{ counties: string[]; dueOns: string[]; fallback: string }> {
    const county = countyPathOf(node.path);
    const rows: { path: string; settings: Partial<CaseSettings> }[] = await this.dataSource.query(
      `SELECT r.path, cs.settings FROM county_settings cs JOIN regions r ON r.id = cs.region_id
        WHERE ${county === null ? 'r.path LIKE $1' : 'r.path = $1'}`,
      [county === null ? `${node.path}%` : county],
    );
    return {
      counties: rows.map((row) => row.path),
      dueOns: rows.map((row) => schoolReportDueOn(period, caseSettings(row.settings))),
      fallback: schoolReportDueOn(period, caseSettings()),
    };
  }
}

function toStatus(row: StatusRow): SchoolReportStatus {
  return {
    school: {
      ref: `school:${row.id}`,
      id: row.id,
      name: row.name,
      regionName: row.region_name,
      path: row.region_path,
    },
    submitted: row.report_id !== null,
    submittedAt: row.submitted_at ? new Date(row.submitted_at).toISOString() : null,
    submittedByName: row.submitted_by_name,
    dueOn: row.due_on,
    overdue: row.overdue,
    snapshotId: row.snapshot_id,
  };
}
