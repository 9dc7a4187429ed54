import {
  ChildNodeStatus,
  DashboardNode,
  DropoutRateFigures,
  NodeFigures,
  NodeStatus,
} from '@baoxue/contracts';
import {
  CASE_FIGURE_KEYS,
  CaseFigureKey,
  chinaToday,
  dropoutRateOfYear,
  isAtZero,
  isIsoDate,
  periodOf,
  Scope,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { invalid } from '../common/domain-error';
import { AsOfFigures } from './history/as-of-figures';
import { ResolvedNode } from './resolved-node';

/** The figure_counts key of a node: a region's path, or `school:<id>`. */
export function countKey(node: Pick<ResolvedNode, 'kind' | 'id' | 'path'>): string {
  return node.kind === 'school' ? `school:${node.id}` : node.path;
}

interface ChildRow {
  id: string;
  name: string;
  kind: ResolvedNode['kind'];
  path: string;
  school_level: ResolvedNode['schoolLevel'];
}

/** The dashboard's figures for a node and its children, now or as of the end of a past China day. */
@Injectable()
export class FiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly asOfFigures: AsOfFigures,
  ) {}

  async status(scope: Scope, node: ResolvedNode, asOf?: string | null): Promise<NodeStatus> {
    const today = chinaToday(this.clock.now());
    if (asOf !== undefined && asOf !== null) {
      if (!isIsoDate(asOf)) throw invalid('asOf', 'isDate', 'asOf must be a date written YYYY-MM-DD');
      if (asOf > today) throw invalid('asOf', 'notFuture', 'asOf must not be in the future');
    }
    // One snapshot for every read, so a node's figures agree with its children's.
    return this.dataSource.transaction('REPEATABLE READ', (db) =>
      this.read(db, scope, node, today, asOf ?? null),
    );
  }

  private async read(
    db: EntityManager,
    scope: Scope,
    node: ResolvedNode,
    today: string,
    asOf: string | null,
  ): Promise<NodeStatus> {
    const day = asOf ?? today;
    // A school-scoped user sees their school alone; a school node has no children.
    const children = scope.kind === 'school' || node.kind === 'school' ? [] : await this.children(db, node);
    const nodes = [node, ...children];
    // As of a past day the case figures come from the history; the students (enrolled, the
    // dropout rates' roll) are today's, the flags those current on that day.
    const metricOf = asOf ? null : caseFigureMetrics(today);
    const counts = await this.counts(db, nodes.map(countKey), ['enrolled', ...Object.values(metricOf ?? {})]);
    const figures = metricOf
      ? await this.currentFigures(db, nodes, today, metricOf, counts)
      : await this.asOfFigures.figuresAt(nodes, day, db);
    const figuresOf = (n: ResolvedNode): NodeFigures => figures.get(n.ref) ?? emptyFigures();
    const childStatuses: ChildNodeStatus[] = children
      .map((child) => ({
        node: dashboardNode(child),
        figures: figuresOf(child),
        enrolled: counts.get(countKey(child))?.get('enrolled') ?? 0,
      }))
      // Not at zero first; then regions before schools (children() lists them so), by name.
      .sort((a, b) => Number(a.figures.atZero) - Number(b.figures.atZero));
    const own = await this.ownCounts(db, node, day);
    return {
      node: dashboardNode(node),
      asOf,
      figures: figuresOf(node),
      context: own.context,
      dropoutRates: own.dropoutRates,
      regionsNotAtZero: node.kind === 'school' ? 0 : own.regionsNotAtZero,
      children: childStatuses,
    };
  }

  /**
   * Regions one level down, then the schools whose region is the node itself. Both are
   * filtered by path too: a management zone's towns have their parent by code elsewhere.
   */
  private async children(db: EntityManager, node: ResolvedNode): Promise<ResolvedNode[]> {
    const rows: ChildRow[] = await db.query(
      `SELECT * FROM (
         SELECT id, name, kind::text AS kind, path, NULL::text AS school_level, 0 AS rank
           FROM regions WHERE parent_id = $1 AND starts_with(path, $2)
         UNION ALL
         SELECT id, name, 'school', region_path, school_level::text, 1
           FROM organisations WHERE region_id = $1 AND type = 'school' AND starts_with(region_path, $2)
       ) c ORDER BY rank, name`,
      [node.id, node.path],
    );
    return rows.map((row) => ({
      ref: `${row.kind === 'school' ? 'school' : 'region'}:${row.id}`,
      kind: row.kind,
      id: row.id,
      name: row.name,
      path: row.path,
      parentRef: node.ref,
      schoolLevel: row.school_level,
    }));
  }

  /**
   * Counts of `metrics` for each node key: index lookups per key. The lateral form plans in
   * well under a millisecond where `node = ANY(…) AND metric = ANY(…)` took ~15 ms to plan
   * for a town's 170 children.
   */
  private async counts(
    db: EntityManager,
    keys: readonly string[],
    metrics: readonly string[],
  ): Promise<Map<string, Map<string, number>>> {
    const rows: { node: string; metric: string; n: number }[] = await db.query(
      `SELECT k.node, f.metric, f.n FROM unnest($1::text[]) k(node)
         CROSS JOIN LATERAL (SELECT metric, n FROM figure_counts f WHERE f.node = k.node AND f.metric = ANY($2::text[])) f`,
      [keys, metrics],
    );
    const byNode = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const metricsOf = byNode.get(row.node) ?? new Map<string, number>();
      metricsOf.set(row.metric, row.n);
      byNode.set(row.node, metricsOf);
    }
    return byNode;
  }

  private async currentFigures(
    db: EntityManager,
    nodes: readonly ResolvedNode[],
    today: string,
    metricOf: CaseFigureMetrics,
    counts: Map<string, Map<string, number>>,
  ): Promise<Map<string, NodeFigures>> {
    const overdue = await this.overdueItems(db, nodes, today);
    const result = new Map<string, NodeFigures>();
    for (const node of nodes) {
      const own = counts.get(countKey(node));
      const figures = emptyFigures();
      for (const key of CASE_FIGURE_KEYS) {
        if (key !== 'overdueItems') figures[key] = own?.get(metricOf[key]) ?? 0;
      }
      figures.overdueItems = overdue.get(node.ref) ?? 0;
      figures.atZero = isAtZero(figures);
      result.set(node.ref, figures);
    }
    return result;
  }

  /**
   * 逾期: pending due items of open cases due before today, where the case is. Kept as all
   * such items (`dueOpen`) less those due today or later (`dueOn:<day>` rows from today on),
   * so a read sums the few future days, not the whole past.
   */
  private async overdueItems(
    db: EntityManager,
    nodes: readonly ResolvedNode[],
    today: string,
  ): Promise<Map<string, number>> {
    const rows: { node: string; overdue: number }[] = await db.query(
      `SELECT k.node, f.overdue FROM unnest($1::text[]) k(node)
         CROSS JOIN LATERAL (
           SELECT sum(CASE WHEN metric = 'dueOpen' THEN n ELSE -n END)::int AS overdue FROM figure_counts f
            WHERE f.node = k.node AND (f.metric = 'dueOpen' OR (f.metric >= $2 AND f.metric < 'dueOn;'))) f`,
      [nodes.map(countKey), `dueOn:${today}`],
    );
    const byKey = new Map(rows.map((row) => [row.node, row.overdue]));
    return new Map(nodes.map((node) => [node.ref, byKey.get(countKey(node)) ?? 0]));
  }

  /**
   * The node's own context in one read: enrolled by stage, the school year's dropouts, the
   * regions not at zero, and the flag rows of enrolled students current on `day`
   * (flag − Σ flagFrom after the day − flagEnded + Σ flagTo from the day on; see the migration).
   */
  private async ownCounts(
    db: EntityManager,
    node: ResolvedNode,
    day: string,
  ): Promise<Pick<NodeStatus, 'context' | 'dropoutRates' | 'regionsNotAtZero'>> {
    const key = countKey(node);
    const year = periodOf('school_year', day).id;
    const stages = ['', 'Primary', 'Junior'];
    const metrics = [
      ...stages.flatMap((stage) => [`enrolled${stage}`, `dropouts${stage}:${year}`]),
      'regionsNotAtZero',
      ...SPECIAL_STATUS_FLAGS.flatMap((flag) => [`flag:${flag}`, `flagEnded:${flag}`]),
    ];
    const rows: { metric: string; n: number }[] = await db.query(
      `SELECT metric, n FROM figure_counts
        WHERE node = $1 AND (metric = ANY($2::text[])
          OR (metric > $3 AND metric < 'flagFrom;') OR (metric >= $4 AND metric < 'flagTo;'))`,
      [key, metrics, `flagFrom:${day};`, `flagTo:${day}`],
    );
    const count = new Map<string, number>();
    const flags = Object.fromEntries(SPECIAL_STATUS_FLAGS.map((flag) => [flag, 0])) as Record<
      SpecialStatusFlag,
      number
    >;
    const flagSign: Record<string, number> = { flag: 1, flagFrom: -1, flagEnded: -1, flagTo: 1 };
    for (const row of rows) {
      count.set(row.metric, row.n);
      const parts = row.metric.split(':');
      const flag = parts[parts.length - 1] as SpecialStatusFlag;
      if (parts[0] in flagSign && flag in flags) flags[flag] += flagSign[parts[0]] * row.n;
    }
    const of = (metric: string): number => count.get(metric) ?? 0;
    const rate = (stage: string): DropoutRateFigures => ({
      schoolYear: year,
      ...dropoutRateOfYear({ dropouts: of(`dropouts${stage}:${year}`), enrolledNow: of(`enrolled${stage}`) }),
    });
    return {
      context: {
        enrolled: of('enrolled'),
        enrolledPrimary: of('enrolledPrimary'),
        enrolledJunior: of('enrolledJunior'),
        flags,
      },
      dropoutRates: { total: rate(''), primary: rate('Primary'), junior: rate('Junior') },
      regionsNotAtZero: of('regionsNotAtZero'),
    };
  }
}

type CaseFigureMetrics = Record<Exclude<CaseFigureKey, 'overdueItems'>, string>;

/** The figure_counts metric of each case figure read as it stands (overdue items aside). */
function caseFigureMetrics(today: string): CaseFigureMetrics {
  const term = periodOf('semester', today).id;
  return {
    open: 'open',
    toClear: 'toClear',
    monitoring: 'monitoring',
    returnedThisTerm: `returned:${term}`,
    placedThisTerm: `placed:${term}`,
    excludedThisTerm: `excluded:${term}`,
    closedThisTerm: `closed:${term}`,
  };
}

function emptyFigures(): NodeFigures {
  const figures = Object.fromEntries(CASE_FIGURE_KEYS.map((key) => [key, 0])) as Record<
    CaseFigureKey,
    number
  >;
  return { ...figures, atZero: true };
}

function dashboardNode(node: ResolvedNode): DashboardNode {
  return { ref: node.ref, kind: node.kind, name: node.name, path: node.path, parentRef: node.parentRef };
}
