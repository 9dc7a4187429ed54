import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ComparisonFindingView,
  ComparisonRunDetail,
  ComparisonRunSummary,
  Page,
} from '@baoxue/contracts';
import {
  chinaToday,
  DEFAULT_SCHOOL_AGE,
  FINDING_CATEGORY_LABELS,
  FINDING_STATUS_LABELS,
  FindingStatus,
  isIsoDate,
  Scope,
} from '@baoxue/domain';
import { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { AuthUser } from '../../auth/auth-user';
import { Clock } from '../../common/clock';
import { pageOf, PagingQueryDto } from '../../common/dto/page-query.dto';
import { conflict, invalid, notFound, outOfScope, staleVersion } from '../../common/domain-error';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { ComparisonRunJobData } from './comparison-runner';
import { ComparisonFindingQueryDto, ConfirmFindingDto, StartComparisonDto } from './dto/comparison.dto';
import {
  findingView,
  FindingViewRow,
  FINDING_VIEW_SELECT,
  runSummary,
  RunSummaryRow,
  RUN_SELECT,
} from './comparison.presenter';

/** The one job of a run: starting a run twice is not possible, a retry re-runs it. */
export const comparisonRunJobId = (runId: string) => `comparison.run.${runId}`;

/** A run's job: one retry (the statements are idempotent: a rerun replaces the run's findings). */
export const COMPARISON_RUN_JOB_OPTIONS = {
  attempts: 2,
  removeOnComplete: 1000,
  removeOnFail: 1000,
} as const;

export interface ComparisonRunRow {
  id: string;
  status: string;
  region_id: string;
  region_path: string;
  as_of: string;
}

/** Rows fetched per page while the workbook streams. */
const XLSX_PAGE = 2_000;

/** A region scope's subtree as a LIKE prefix; a school scope sees no runs. */
function scopePrefix(scope: Scope): string | null {
  return scope.kind === 'region' ? `${scope.regionPath}%` : null;
}

/**
 * Comparison runs (HTTP side): starting one (the work is a queued job), its report and
 * findings within the caller's scope, the downloadable list, and a person's decision on a
 * candidate match. Reads of findings are reads of personal data: audited.
 */
@Injectable()
export class ComparisonsService {
  private readonly logger = new Logger(ComparisonsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.registers) private readonly queue: Queue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A run within the scope, or 404 (also when it exists outside the scope). */
  async runInScope(scope: Scope, id: string, manager: EntityManager = this.dataSource.manager) {
    const prefix = scopePrefix(scope);
    const [run]: ComparisonRunRow[] = prefix
      ? await manager.query(
          `SELECT id, status, region_id, region_path, to_char(as_of, 'YYYY-MM-DD') AS as_of
             FROM comparison_runs WHERE id = $1 AND region_path LIKE $2`,
          [id, prefix],
        )
      : [];
    if (!run) throw outOfScope('comparison');
    return run;
  }

  async start(user: AuthUser, dto: StartComparisonDto, actor: AuditActor): Promise<ComparisonRunSummary> {
    const today = chinaToday(this.clock.now());
    const asOf = dto.asOf ?? today;
    if (!isIsoDate(asOf)) throw invalid('asOf', 'isDate', 'asOf must be a real date');
    if (asOf > today) throw invalid('asOf', 'not_future', 'asOf must not be in the future');
    const ageFrom = dto.ageFrom ?? DEFAULT_SCHOOL_AGE.from;
    const ageTo = dto.ageTo ?? DEFAULT_SCHOOL_AGE.to;
    if (ageFrom > ageTo) throw invalid('ageTo', 'notBelowAgeFrom', 'ageTo must not be below ageFrom');
    const prefix = scopePrefix(user.scope);
    if (!prefix) throw outOfScope('region');
    const regionId = dto.regionId ?? (user.scope.kind === 'region' ? user.scope.regionId : undefined);
    const id = await this.dataSource.transaction(async (manager) => {
      const [region]: { id: string; path: string }[] = await manager.query(
        'SELECT id, path FROM regions WHERE id = $1 AND path LIKE $2',
        [regionId, prefix],
      );
      if (!region) throw outOfScope('region');
      const [{ id: runId }]: { id: string }[] = await manager.query(
        `INSERT INTO comparison_runs (region_id, region_path, as_of, age_from, age_to, created_by_user_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
        [region.id, region.path, asOf, ageFrom, ageTo, user.id, this.clock.now()],
      );
      await this.audit.record(manager, actor, {
        action: 'comparison.start',
        entityType: 'comparison_run',
        entityId: runId,
        regionPath: region.path,
        details: { asOf, ageFrom, ageTo },
      });
      return runId;
    });
    const data: ComparisonRunJobData = { runId: id };
    await this.queue.add(JOBS.comparisonRun, data, {
      ...COMPARISON_RUN_JOB_OPTIONS,
      jobId: comparisonRunJobId(id),
    });
    return this.summary(user.scope, id);
  }

  async list(scope: Scope, query: PagingQueryDto): Promise<Page<ComparisonRunSummary>> {
    const { page, pageSize, skip } = pageOf(query);
    const prefix = scopePrefix(scope);
    if (!prefix) return { items: [], total: 0, page, pageSize };
    const rows: RunSummaryRow[] = await this.dataSource.query(
      `${RUN_SELECT} WHERE r.region_path LIKE $1 ORDER BY r.created_at DESC, r.id LIMIT $2 OFFSET $3`,
      [prefix, pageSize, skip],
    );
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS total FROM comparison_runs WHERE region_path LIKE $1',
      [prefix],
    );
    return { items: rows.map(runSummary), total, page, pageSize };
  }

  async summary(scope: Scope, id: string): Promise<ComparisonRunSummary> {
    return runSummary(await this.summaryRow(scope, id));
  }

  private async summaryRow(scope: Scope, id: string): Promise<RunSummaryRow> {
    const run = await this.runInScope(scope, id);
    const [row]: RunSummaryRow[] = await this.dataSource.query(`${RUN_SELECT} WHERE r.id = $1`, [run.id]);
    return row;
  }

  async detail(scope: Scope, id: string): Promise<ComparisonRunDetail> {
    const row = await this.summaryRow(scope, id);
    return {
      ...runSummary(row),
      imports: row.imports,
      byRegion: row.by_region,
    };
  }

  async findings(
    user: AuthUser,
    runId: string,
    query: ComparisonFindingQueryDto,
    actor: AuditActor,
  ): Promise<Page<ComparisonFindingView>> {
    const { page, pageSize, skip } = pageOf(query);
    return this.dataSource.transaction(async (manager) => {
      const run = await this.runInScope(user.scope, runId, manager);
      const filter = [run.id, query.category ?? null, query.status ?? null];
      const rows: FindingViewRow[] = await manager.query(
        `${FINDING_VIEW_SELECT}
          WHERE f.run_id = $1 AND ($2::text IS NULL OR f.category = $2) AND ($3::text IS NULL OR f.status = $3)
          ORDER BY f.category, f.region_path, f.full_name, f.id LIMIT $4 OFFSET $5`,
        [...filter, pageSize, skip],
      );
      const [{ total }]: { total: number }[] = await manager.query(
        `SELECT count(*)::int AS total FROM comparison_findings f
          WHERE f.run_id = $1 AND ($2::text IS NULL OR f.category = $2) AND ($3::text IS NULL OR f.status = $3)`,
        filter,
      );
      await this.audit.record(manager, actor, {
        action: 'comparison.findings.read',
        entityType: 'comparison_run',
        entityId: run.id,
        regionPath: run.region_path,
        details: { category: query.category ?? null, status: query.status ?? null, page, rows: rows.length },
      });
      return { items: rows.map(findingView), total, page, pageSize };
    });
  }

  /**
   * The run's findings as a workbook (ID numbers masked), streamed: rows are read a page at a
   * time by keyset and written as they come, so memory stays flat on a province's list.
   */
  async workbook(
    user: AuthUser,
    runId: string,
    actor: AuditActor,
  ): Promise<{ fileName: string; stream: Readable }> {
    const run = await this.runInScope(user.scope, runId);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, actor, {
        action: 'comparison.findings.export',
        entityType: 'comparison_run',
        entityId: run.id,
        regionPath: run.region_path,
      }),
    );
    const out = new PassThrough();
    void this.writeWorkbook(run, out).catch((error: Error) => {
      this.logger.error(`comparison workbook ${run.id} failed: ${error.message}`);
      out.destroy(error);
    });
    return { fileName: `比对结果-${run.as_of}.xlsx`, stream: out };
  }

  private async writeWorkbook(run: ComparisonRunRow, out: PassThrough): Promise<void> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('比对结果', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = [
      { header: '序号', width: 7 },
      { header: '类别', width: 16 },
      { header: '状态', width: 16 },
      { header: '姓名', width: 10 },
      { header: '性别', width: 6 },
      { header: '出生日期', width: 12 },
      { header: '身份证号（脱敏）', width: 22 },
      { header: '户籍村', width: 18 },
      { header: '学校', width: 20 },
      { header: '原因', width: 60 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let after: { category: string; region_path: string; full_name: string; id: string } | null = null;
    let n = 0;
    for (;;) {
      const rows: FindingViewRow[] = await this.dataSource.query(
        `${FINDING_VIEW_SELECT}
          WHERE f.run_id = $1 AND ($2::text IS NULL
            OR (f.category, f.region_path, f.full_name, f.id) > ($2::text, $3::text COLLATE "C", $4::text, $5::uuid))
          ORDER BY f.category, f.region_path, f.full_name, f.id LIMIT ${XLSX_PAGE}`,
        [
          run.id,
          after?.category ?? null,
          after?.region_path ?? null,
          after?.full_name ?? null,
          after?.id ?? null,
        ],
      );
      for (const row of rows) {
        const view = findingView(row);
        n += 1;
        sheet
          .addRow([
            n,
            FINDING_CATEGORY_LABELS[view.category].zh,
            FINDING_STATUS_LABELS[view.status].zh,
            view.fullName,
            view.sex === 'male' ? '男' : view.sex === 'female' ? '女' : '',
            view.birthDate ?? '',
            view.idNumberMasked ?? '',
            view.village?.name ?? '',
            view.school?.name ?? '',
            view.reasons.join('；'),
          ])
          .commit();
      }
      if (rows.length < XLSX_PAGE) break;
      const last = rows[rows.length - 1];
      after = {
        category: last.category,
        region_path: last.region_path,
        full_name: last.full_name,
        id: last.id,
      };
    }
    sheet.commit();
    await workbook.commit();
  }

  /** A person's decision on a candidate (or any finding not yet routed, for dismiss). */
  async confirm(
    user: AuthUser,
    findingId: string,
    dto: ConfirmFindingDto,
    actor: AuditActor,
  ): Promise<ComparisonFindingView> {
    return this.dataSource.transaction(async (manager) => {
      const [finding]: {
        id: string;
        run_id: string;
        status: FindingStatus;
        version: number;
        candidate_student_id: string | null;
        region_path: string;
      }[] = await manager.query(
        `SELECT f.id, f.run_id, f.status, f.version, f.candidate_student_id, f.region_path
           FROM comparison_findings f WHERE f.id = $1 FOR UPDATE`,
        [findingId],
      );
      if (!finding) throw notFound('finding');
      await this.runInScope(user.scope, finding.run_id, manager).catch(() => {
        throw notFound('finding');
      });
      if (finding.version !== dto.version) throw staleVersion('finding');
      const pending = finding.status === 'needs_confirmation';
      if (dto.decision === 'dismiss' ? !pending && finding.status !== 'new' : !pending)
        throw conflict(
          'finding.not_pending',
          `the finding is ${finding.status}: there is nothing to confirm`,
        );
      const set =
        dto.decision === 'same'
          ? {
              status: 'confirmed_same',
              student: finding.candidate_student_id,
              candidate: finding.candidate_student_id,
            }
          : dto.decision === 'different'
            ? { status: 'new', student: null, candidate: null }
            : { status: 'dismissed', student: null, candidate: finding.candidate_student_id };
      await manager.query(
        `UPDATE comparison_findings
            SET status = $2, student_id = coalesce($3, student_id), candidate_student_id = $4,
                updated_at = $5, version = version + 1
          WHERE id = $1`,
        [finding.id, set.status, set.student, set.candidate, this.clock.now()],
      );
      await this.audit.record(manager, actor, {
        action: 'comparison.finding.confirm',
        entityType: 'comparison_finding',
        entityId: finding.id,
        regionPath: finding.region_path,
        details: { decision: dto.decision, candidateStudentId: finding.candidate_student_id },
      });
      const [row]: FindingViewRow[] = await manager.query(`${FINDING_VIEW_SELECT} WHERE f.id = $1`, [
        finding.id,
      ]);
      return findingView(row);
    });
  }
}
