import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SchoolMonthlyReportView } from '@baoxue/contracts';
import { chinaToday, Scope } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { invalid, outOfScope } from '../common/domain-error';
import { scopeRowPredicate } from '../scope/scope-predicates';
import { DueItemsSync } from './due-items.sync';
import { SubmitSchoolMonthlyReportDto } from './dto/school-report.dto';

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
 * answers the first, and the school's report item for that month is done in the same step.
 */
@Injectable()
export class SchoolReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sync: DueItemsSync,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The school, if it is one and within the caller's scope (404 otherwise, like a missing one). */
  private async schoolInScope(
    scope: Scope,
    schoolId: string,
    manager: EntityManager,
  ): Promise<{ id: string; regionPath: string }> {
    const within = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
    const school = await manager
      .createQueryBuilder()
      .select(['o.id AS id', 'o.region_path AS "regionPath"'])
      .from('organisations', 'o')
      .where("o.id = :schoolId AND o.type = 'school'", { schoolId })
      .andWhere(within.sql, within.params)
      .getRawOne<{ id: string; regionPath: string }>();
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
    return this.dataSource.transaction(async (manager) => {
      const school = await this.schoolInScope(scope, schoolId, manager);
      // A concurrent submission of the same month meets the unique key and answers with the first.
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO school_monthly_reports (school_id, period, submitted_at, submitted_by_user_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (school_id, period) DO NOTHING
         RETURNING id`,
        [schoolId, dto.period, now, userId],
      );
      const created = inserted.length === 1;
      if (created) {
        await this.sync.resolveSchoolReport(manager, schoolId, dto.period);
        await this.audit.record(manager, actor, {
          action: 'school_report.submit',
          entityType: 'school_monthly_report',
          entityId: inserted[0].id,
          regionPath: school.regionPath,
          details: { schoolId, period: dto.period },
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
