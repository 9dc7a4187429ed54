import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SchoolMonthlyReportView } from '@baoxue/contracts';
import { chinaToday, periodOf, Scope } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { invalid, outOfScope } from '../common/domain-error';
import { ResolvedNode } from '../dashboard/resolved-node';
import { SnapshotFreezer } from '../reporting/snapshot-freezer';
import { scopeRowPredicate } from '../scope/scope-predicates';
import { DueItemsSync } from './due-items.sync';
import { SubmitSchoolMonthlyReportDto } from './dto/school-report.dto';

interface SchoolInScope {
  id: string;
  name: string;
  regionPath: string;
  regionId: string;
  schoolLevel: ResolvedNode['schoolLevel'];
}

/** The school as a dashboard node of its own. */
function schoolNode(school: SchoolInScope): ResolvedNode {
  return {
    ref: `school:${school.id}`,
    kind: 'school',
    id: school.id,
    name: school.name,
    path: school.regionPath,
    parentRef: `region:${school.regionId}`,
    schoolLevel: school.schoolLevel,
  };
}

interface ReportRow {
  id: string;
  school_id: string;
  period: string;
  submitted_at: Date;
  submitted_by_name: string | null;
}

function toView(row: ReportRow): SchoolMonthlyReportView {
  return {
    id: row.id,
    schoolId: row.school_id,
    period: row.period,
    submittedAt: new Date(row.submitted_at).toISOString(),
    submittedByName: row.submitted_by_name,
  };
}

const SELECT_REPORTS = `
  SELECT m.id, m.school_id, m.period, m.submitted_at, u.display_name AS submitted_by_name
    FROM school_monthly_reports m
    LEFT JOIN users u ON u.id = m.submitted_by_user_id`;

/**
 * Schools' monthly reports (四个一 月报). One per school and month: submitting it again
 * answers the first. The same step marks the school's report item for that month done and
 * freezes the school's figures for the month (a period snapshot later case edits never change).
 */
@Injectable()
export class SchoolReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sync: DueItemsSync,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly freezer: SnapshotFreezer,
  ) {}

  /** The school, if it is one and within the caller's scope (404 otherwise, like a missing one). */
  private async schoolInScope(
    scope: Scope,
    schoolId: string,
    manager: EntityManager,
  ): Promise<SchoolInScope> {
    const within = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
    const school = await manager
      .createQueryBuilder()
      .select([
        'o.id AS id',
        'o.name AS name',
        'o.region_path AS "regionPath"',
        'o.region_id AS "regionId"',
        'o.school_level AS "schoolLevel"',
      ])
      .from('organisations', 'o')
      .where("o.id = :schoolId AND o.type = 'school'", { schoolId })
      .andWhere(within.sql, within.params)
      .getRawOne<SchoolInScope>();
    if (!school) throw outOfScope('school');
    return school;
  }

  async list(scope: Scope, schoolId: string): Promise<SchoolMonthlyReportView[]> {
    await this.schoolInScope(scope, schoolId, this.dataSource.manager);
    const rows: ReportRow[] = await this.dataSource.query(
      `${SELECT_REPORTS} WHERE m.school_id = $1 ORDER BY m.period DESC`,
      [schoolId],
    );
    return rows.map(toView);
  }

  /** Submits the report; `created` is false when it was already there (nothing changes then). */
  async submit(
    scope: Scope,
    userId: string,
    schoolId: string,
    dto: SubmitSchoolMonthlyReportDto,
    actor: AuditActor,
  ): Promise<{ report: SchoolMonthlyReportView; created: boolean }> {
    const now = this.clock.now();
    if (dto.period > chinaToday(now).slice(0, 7))
      throw invalid('period', 'notFuture', 'period must not be after the current month');
    const school = await this.schoolInScope(scope, schoolId, this.dataSource.manager);
    // The month's figures, read before the transaction (unless already frozen).
    const month = periodOf('month', `${dto.period}-01`);
    const frozen = (await this.freezer.existing(this.dataSource.manager, schoolId, month))
      ? null
      : await this.freezer.compute(schoolNode(school), month, now);
    return this.dataSource.transaction(async (manager) => {
      // A concurrent submission of the same month meets the unique key and answers with the first.
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO school_monthly_reports (school_id, period, submitted_at, submitted_by_user_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (school_id, period) DO NOTHING
         RETURNING id`,
        [schoolId, dto.period, now, userId],
      );
      const created = inserted.length === 1;
      // A report from before snapshots existed gets its snapshot on its next submission.
      const snapshotId = frozen ? await this.freezer.insert(manager, frozen, { userId, at: now }) : null;
      if (created) {
        await this.sync.resolveSchoolReport(manager, schoolId, dto.period);
        await this.audit.record(manager, actor, {
          action: 'school_report.submit',
          entityType: 'school_monthly_report',
          entityId: inserted[0].id,
          regionPath: school.regionPath,
          details: { schoolId, period: dto.period, snapshotId },
        });
      }
      const [row]: ReportRow[] = await manager.query(
        `${SELECT_REPORTS} WHERE m.school_id = $1 AND m.period = $2`,
        [schoolId, dto.period],
      );
      return { report: toView(row), created };
    });
  }
}
