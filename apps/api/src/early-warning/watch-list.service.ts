import { Page, WatchListEntry } from '@baoxue/contracts';
import { RiskReason, Scope } from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { pageOf } from '../common/dto/page-query.dto';
import { OPEN_STATES_SQL } from '../cases/case.entity';
import { attendanceSchool } from '../attendance/attendance-school';
import { Predicate, scopeRowPredicate } from '../scope/scope-predicates';
import { WatchListQueryDto } from './dto/watch-list.dto';

interface WatchRow {
  student_id: string;
  full_name: string;
  grade: number | null;
  class_name: string | null;
  school_id: string | null;
  school_name: string | null;
  score: number;
  reasons: RiskReason[];
  summary_zh: string;
  assessed_at: Date;
  open_case_id: string | null;
}

/**
 * 重点关注名单: the children on the watch list, highest score first, within the caller's
 * scope (school staff: their school; others: the schools under their region). Names and
 * reasons are personal data, so every page read is audited.
 */
@Injectable()
export class WatchListService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async page(scope: Scope, query: WatchListQueryDto, actor: AuditActor): Promise<Page<WatchListEntry>> {
    const { page, pageSize, skip } = pageOf(query, 50);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const where = await this.scopeOf(manager, scope, query.schoolId);
      const filters: string[] = [where.sql];
      const params: Record<string, unknown> = { ...where.params };
      if (query.grade !== undefined) {
        filters.push('rs.grade = :grade');
        params['grade'] = query.grade;
      }
      if (query.className !== undefined) {
        filters.push('rs.class_name = :className');
        params['className'] = query.className;
      }
      const base = manager
        .createQueryBuilder()
        .from('student_risk_scores', 'rs')
        .where('rs.watch')
        .andWhere(filters.join(' AND '), params);
      const total = await base.clone().select('count(*)::int', 'total').getRawOne<{ total: number }>();
      const rows = await base
        .clone()
        .innerJoin('students', 's', 's.id = rs.student_id')
        .leftJoin('organisations', 'o', 'o.id = rs.school_id')
        .leftJoin('cases', 'c', `c.student_id = rs.student_id AND c.state IN (${OPEN_STATES_SQL})`)
        .select([
          'rs.student_id AS student_id',
          's.full_name AS full_name',
          'rs.grade AS grade',
          'rs.class_name AS class_name',
          'rs.school_id AS school_id',
          'o.name AS school_name',
          'rs.score AS score',
          'rs.reasons AS reasons',
          'rs.summary_zh AS summary_zh',
          'rs.assessed_at AS assessed_at',
          'c.id AS open_case_id',
        ])
        .orderBy('rs.score', 'DESC')
        .addOrderBy('rs.student_id', 'ASC')
        .limit(pageSize)
        .offset(skip)
        .getRawMany<WatchRow>();
      await this.audit.record(manager, actor, {
        action: 'watch_list.read',
        entityType: 'student_risk_scores',
        entityId: query.schoolId ?? null,
        regionPath: scope.regionPath,
        details: {
          schoolId: query.schoolId ?? null,
          grade: query.grade ?? null,
          className: query.className ?? null,
          page,
          rows: rows.length,
          studentIds: rows.map((r) => r.student_id),
        },
      });
      return { items: rows.map(toEntry), total: total?.total ?? 0, page, pageSize };
    });
  }

  /** The rows the caller may see; a school outside the scope answers 404 like a missing one. */
  private async scopeOf(
    manager: EntityManager,
    scope: Scope,
    schoolId: string | undefined,
  ): Promise<Predicate> {
    const within = scopeRowPredicate(scope, { path: 'rs.region_path', schoolId: 'rs.school_id' });
    if (schoolId === undefined) return within;
    await attendanceSchool(manager, scope, schoolId);
    return { sql: `rs.school_id = :schoolId AND ${within.sql}`, params: { schoolId, ...within.params } };
  }
}

function toEntry(row: WatchRow): WatchListEntry {
  return {
    studentId: row.student_id,
    fullName: row.full_name,
    grade: row.grade,
    className: row.class_name,
    schoolId: row.school_id,
    schoolName: row.school_name,
    score: row.score,
    reasons: row.reasons,
    summaryZh: row.summary_zh,
    assessedAt: row.assessed_at.toISOString(),
    openCaseId: row.open_case_id,
  };
}
