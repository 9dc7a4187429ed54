import { NodeStatus, PeriodSnapshot, PeriodSnapshotSummary, Page } from '@baoxue/contracts';
import {
  chinaToday,
  isWithinPath,
  parsePeriod,
  Period,
  REPORTING_CADENCE,
  ReportingLevel,
  Scope,
} from '@baoxue/domain';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, invalid, outOfScope } from '../common/domain-error';
import { pageOf } from '../common/dto/page-query.dto';
import { NodeResolver } from '../dashboard/node-resolver';
import { ResolvedNode } from '../dashboard/resolved-node';
import { PeriodSnapshotQueryDto, SubmitPeriodSnapshotDto } from './dto/reporting.dto';
import { SnapshotFreezer } from './snapshot-freezer';
import { SNAPSHOT_COLUMNS, SnapshotRow, toSnapshot, toSummary } from './snapshot-views';

/** The node already has this period frozen: 409 naming the snapshot. */
function alreadyFrozen(node: ResolvedNode, period: Period, snapshotId: string): DomainError {
  return new DomainError(
    HttpStatus.CONFLICT,
    'snapshot.exists',
    `${node.name} already submitted ${period.kind} ${period.id} (snapshot ${snapshotId})`,
    undefined,
    { snapshotId },
  );
}

/** Which period kind the node submits; schools submit through their monthly report. */
function cadenceOf(node: ResolvedNode): Period['kind'] {
  if (node.kind === 'school')
    throw invalid('node', 'monthlyReport', "a school's month is submitted as its monthly report");
  if (!(node.kind in REPORTING_CADENCE))
    throw invalid('node', 'reportingLevel', `a ${node.kind} does not submit period reports`);
  return REPORTING_CADENCE[node.kind as ReportingLevel];
}

/**
 * County and zone re-checks (复核, quarterly), city semester and province school-year
 * roll-ups (汇总): frozen snapshots of the node's figures, and reading them back in scope.
 */
@Injectable()
export class SnapshotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nodes: NodeResolver,
    private readonly freezer: SnapshotFreezer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async submit(
    scope: Scope,
    userId: string,
    dto: SubmitPeriodSnapshotDto,
    actor: AuditActor,
  ): Promise<PeriodSnapshot> {
    const node = await this.nodes.resolve(scope, dto.node);
    const cadence = cadenceOf(node);
    if (dto.periodKind !== cadence)
      throw invalid(
        'periodKind',
        'cadence',
        `a ${node.kind} submits each ${cadence}, not each ${dto.periodKind}`,
      );
    const period = parsePeriod(cadence, dto.period);
    if (!period)
      throw invalid('period', 'isPeriod', `period is not a ${cadence} (e.g. ${EXAMPLES[cadence]})`);
    const now = this.clock.now();
    if (period.from > chinaToday(now)) throw invalid('period', 'started', 'period must have started');

    const before = await this.freezer.existing(this.dataSource.manager, node.id, period);
    if (before) throw alreadyFrozen(node, period, before);
    const frozen = await this.freezer.compute(node, period, now);
    const note = dto.note?.trim() || null;
    const id = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.freezer.insert(manager, frozen, { userId, at: now, note });
      if (!inserted) {
        // A concurrent submission froze it first.
        const first = await this.freezer.existing(manager, node.id, period);
        throw alreadyFrozen(node, period, first ?? 'unknown');
      }
      await this.audit.record(manager, actor, {
        action: 'period_snapshot.submit',
        entityType: 'period_snapshot',
        entityId: inserted,
        regionPath: node.path,
        details: { node: node.ref, periodKind: period.kind, period: period.id },
      });
      return inserted;
    });
    return this.get(scope, id);
  }

  async get(scope: Scope, id: string): Promise<PeriodSnapshot> {
    const [row]: (SnapshotRow & { school_id: string | null; figures: NodeStatus })[] =
      await this.dataSource.query(
        `SELECT ${SNAPSHOT_COLUMNS}, s.school_id, s.figures FROM period_snapshots s WHERE s.id = $1`,
        [id],
      );
    const visible =
      row &&
      (scope.kind === 'school'
        ? row.school_id === scope.schoolId
        : isWithinPath(row.node_path, scope.regionPath));
    if (!visible) throw outOfScope('snapshot');
    return toSnapshot(row);
  }

  /** The node's snapshots (and with `below`, those under it), newest period first. */
  async list(scope: Scope, query: PeriodSnapshotQueryDto): Promise<Page<PeriodSnapshotSummary>> {
    const node = await this.nodes.resolve(scope, query.node);
    const { page, pageSize, skip } = pageOf(query);
    const params: unknown[] = [];
    const where: string[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.below && node.kind !== 'school') where.push(`s.node_path LIKE ${bind(`${node.path}%`)}`);
    else where.push(`s.node_id = ${bind(node.id)}`);
    // The node is in scope; a school-scoped caller still sees its own school's rows only.
    if (scope.kind === 'school') where.push(`s.school_id = ${bind(scope.schoolId)}`);
    if (query.periodKind) where.push(`s.period_kind = ${bind(query.periodKind)}`);
    if (query.q) where.push(`s.node_name ILIKE ${bind(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    const filter = where.join(' AND ');
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM period_snapshots s WHERE ${filter}`,
      params,
    );
    const rows: (SnapshotRow & { headline: NodeStatus['figures'] })[] = await this.dataSource.query(
      `SELECT ${SNAPSHOT_COLUMNS}, s.figures -> 'figures' AS headline FROM period_snapshots s
        WHERE ${filter}
        ORDER BY s.period_to DESC, s.period_kind DESC, s.node_name, s.id
        LIMIT ${bind(pageSize)} OFFSET ${bind(skip)}`,
      params,
    );
    return { items: rows.map(toSummary), total, page, pageSize };
  }
}

const EXAMPLES: Record<Period['kind'], string> = {
  month: '2026-11',
  quarter: '2026-Q4',
  semester: '2026-2027-1',
  school_year: '2026-2027',
};
