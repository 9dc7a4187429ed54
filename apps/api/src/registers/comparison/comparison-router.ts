import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RouteFindingsResult } from '@baoxue/contracts';
import { ageOn, chinaToday, countyPathOf, OPEN_STATES, SpecialStatusFlag } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { AuthUser } from '../../auth/auth-user';
import { CasesService, isOpenCaseViolation } from '../../cases/cases.service';
import { OpenCaseDto } from '../../cases/dto/case.dto';
import { nameSchoolResponsible } from '../../cases/school-responsible';
import { Clock } from '../../common/clock';
import { DomainError, invalid } from '../../common/domain-error';
import { NotificationsService } from '../../notifications/notifications.service';
import { NotifyInput } from '../../notifications/notify-input';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { Student } from '../../students/student.entity';
import { maskName } from '../../students/student-masking';
import { RegisterIdBlocks } from '../register-id-blocks';
import { ComparisonRunRow, ComparisonsService } from './comparisons.service';

/** One child's routing at a time: a refused one is undone alone, the batch goes on. */
const SAVEPOINT = 'comparison_finding';

interface FindingRow {
  id: string;
  category: 'never_enrolled' | 'dropout' | 'priority';
  student_id: string | null;
  case_id: string | null;
  register_import_id: string | null;
  register_row_number: number | null;
  full_name: string;
  sex: 'male' | 'female' | null;
  birth_date: string | null;
  id_hash: Buffer | null;
  region_path: string;
  hukou_region_id: string | null;
  school_id: string | null;
  reasons: string[];
  address: string | null;
  guardian_name: string | null;
  guardian_phone: string | null;
}

interface School {
  id: string;
  name: string;
  region_path: string;
}

/** A list kind's flag, when the row does not name one (civil affairs names its own). */
const LIST_FLAGS: Record<string, SpecialStatusFlag> = {
  poverty_monitoring: 'poverty_monitoring',
  disability: 'disabled',
};

/**
 * Routes a run's findings (派发核查), in one transaction with a savepoint per child like the
 * attendance opener: a 户籍-only child gets a student record (its full ID number decrypted
 * from the register's blocks, stored like any record's), then a suspected case is opened
 * through CasesService.openIn (source data_comparison, the village officials named, the
 * verification due item derived on commit) and the nearest school is named; the named people
 * are notified. A child whose case opened meanwhile is covered. A priority finding marks its
 * open case priority, adds the special status and a timeline entry, and opens nothing.
 */
@Injectable()
export class ComparisonRouter {
  private readonly logger = new Logger(ComparisonRouter.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly comparisons: ComparisonsService,
    private readonly cases: CasesService,
    private readonly notifications: NotificationsService,
    private readonly cipher: IdNumberCipher,
    private readonly idBlocks: RegisterIdBlocks,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async route(
    user: AuthUser,
    runId: string,
    request: { findingIds?: string[]; all?: boolean },
    actor: AuditActor,
  ): Promise<RouteFindingsResult> {
    if (!request.all && !(request.findingIds && request.findingIds.length > 0))
      throw invalid('findingIds', 'required', 'findingIds (or all: true) is required');
    const deliveryIds: string[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const run = await this.comparisons.runInScope(user.scope, runId, manager);
      if (run.status !== 'completed')
        throw invalid('id', 'runCompleted', 'the run has not completed: its findings cannot be routed yet');
      const findings = await this.findingsToRoute(manager, run, request);
      const ids = await this.registerIds(manager, findings);
      const outcome: RouteFindingsResult = { raised: 0, covered: 0, caseIds: [] };
      for (const finding of findings) {
        await manager.query(`SAVEPOINT ${SAVEPOINT}`);
        try {
          const routed =
            finding.category === 'priority'
              ? await this.markPriority(manager, actor, finding)
              : await this.raise(manager, user, actor, run, finding, ids, deliveryIds);
          await manager.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
          if (routed.status === 'raised') {
            outcome.raised += 1;
            outcome.caseIds.push(routed.caseId);
          } else outcome.covered += 1;
        } catch (error) {
          if (!(error instanceof DomainError) && !isOpenCaseViolation(error)) throw error;
          await manager.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
          await manager.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
          this.logger.warn(`finding ${finding.id} not routed: ${(error as DomainError).code ?? 'open case'}`);
        }
      }
      await this.audit.record(manager, actor, {
        action: 'comparison.route',
        entityType: 'comparison_run',
        entityId: run.id,
        regionPath: run.region_path,
        details: { findings: findings.length, raised: outcome.raised, covered: outcome.covered },
      });
      return outcome;
    });
    try {
      await this.notifications.enqueueDeliveries(deliveryIds);
    } catch (error) {
      // Cases and notifications are saved; the pending-delivery sweep queues these.
      this.logger.error(`could not queue ${deliveryIds.length} deliveries: ${(error as Error).message}`);
    }
    return result;
  }

  private async findingsToRoute(
    manager: EntityManager,
    run: ComparisonRunRow,
    request: { findingIds?: string[]; all?: boolean },
  ): Promise<FindingRow[]> {
    const rows: FindingRow[] = await manager.query(
      `SELECT f.id, f.category, f.student_id, f.case_id, f.register_import_id, f.register_row_number, f.full_name,
              f.sex, to_char(f.birth_date, 'YYYY-MM-DD') AS birth_date, f.id_hash, f.region_path,
              f.hukou_region_id, f.school_id, f.reasons, r.address, r.guardian_name, r.guardian_phone
         FROM comparison_findings f
         -- The guardian and address of a child found in 户籍 (one scan of that partition: register rows have no index).
         LEFT JOIN register_rows r ON r.kind = 'household' AND f.category = 'never_enrolled'
               AND r.import_id = f.register_import_id AND r.row_number = f.register_row_number
        WHERE f.run_id = $1 AND f.status = 'new' AND ($2::uuid[] IS NULL OR f.id = ANY($2::uuid[]))
        ORDER BY f.region_path, f.full_name, f.id
          FOR UPDATE OF f`,
      [run.id, request.all ? null : request.findingIds],
    );
    return rows;
  }

  /** The full ID numbers of the findings that need a record, one decryption per block. */
  private async registerIds(manager: EntityManager, findings: FindingRow[]): Promise<Map<string, string>> {
    const wanted = findings.filter(
      (f) => f.category !== 'priority' && !f.student_id && f.id_hash && f.register_import_id,
    );
    const ids = new Map<string, string>();
    if (wanted.length === 0) return ids;
    const blocks: { import_id: string; block: number; iv: Buffer; cipher: Buffer }[] = await manager.query(
      `SELECT b.import_id, b.block, b.iv, b.cipher FROM register_id_blocks b
         JOIN unnest($1::uuid[], $2::int[]) AS w(import_id, block) ON w.import_id = b.import_id AND w.block = b.block
        GROUP BY b.import_id, b.block, b.iv, b.cipher`,
      [
        wanted.map((f) => f.register_import_id),
        wanted.map((f) => RegisterIdBlocks.blockOf(f.register_row_number ?? 0)),
      ],
    );
    for (const block of blocks)
      for (const [row, id] of this.idBlocks.decrypt(block.iv, block.cipher))
        ids.set(`${block.import_id}:${row}`, id);
    return ids;
  }

  private async raise(
    manager: EntityManager,
    user: AuthUser,
    actor: AuditActor,
    run: ComparisonRunRow,
    finding: FindingRow,
    ids: Map<string, string>,
    deliveryIds: string[],
  ): Promise<{ status: 'raised' | 'covered'; caseId: string }> {
    const studentId =
      finding.student_id ??
      (await this.recordSince(manager, finding)) ??
      (await this.createStudent(manager, actor, finding, ids));
    const [open]: { id: string }[] = await manager.query(
      'SELECT id FROM cases WHERE student_id = $1 AND state = ANY($2::case_state[])',
      [studentId, OPEN_STATES],
    );
    if (open) {
      await this.settle(manager, finding.id, 'covered', studentId, open.id);
      return { status: 'covered', caseId: open.id };
    }
    const note = `${finding.reasons.join('；')}（数据比对发现）`;
    const dto: OpenCaseDto = {
      studentId,
      type: finding.category === 'never_enrolled' ? 'never_enrolled' : 'suspected_dropout',
      source: 'data_comparison',
      primaryReason: 'other',
      reasonNote: note,
    };
    const caseId = await this.cases.openIn(manager, user, dto, actor, { comment: note });
    const school = await this.nearestSchool(manager, studentId, run.as_of);
    if (school) {
      // A child without a school: the nearest one is to take it in (学校保), so the case is its
      // school's too and the school's staff see it in their scope.
      await manager.query(
        `UPDATE cases SET school_id = $2, school_region_path = $3 WHERE id = $1 AND school_id IS NULL`,
        [caseId, school.id, school.region_path],
      );
      await nameSchoolResponsible(this.cases, manager, user, actor, caseId, school);
    }
    deliveryIds.push(...(await this.notify(manager, caseId, finding)));
    await this.settle(manager, finding.id, 'raised', studentId, caseId);
    return { status: 'raised', caseId };
  }

  private async settle(
    manager: EntityManager,
    findingId: string,
    status: 'raised' | 'covered',
    studentId: string,
    caseId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE comparison_findings SET status = $2, student_id = $3, case_id = $4, updated_at = $5, version = version + 1
        WHERE id = $1`,
      [findingId, status, studentId, caseId, this.clock.now()],
    );
  }

  /** A record for a child found in a register only: not enrolled, in its 户籍 village. */
  /**
   * A record made for the same ID number since the run was computed (another run routed the
   * child first, or is routing it now: the lock makes the second wait and then find it), so
   * one child never gets two records and two open cases.
   */
  private async recordSince(manager: EntityManager, finding: FindingRow): Promise<string | null> {
    if (!finding.id_hash) return null;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(encode($1::bytea, 'hex'), 0))`, [
      finding.id_hash,
    ]);
    const [found]: { id: string }[] = await manager.query(
      `SELECT id FROM students WHERE id_number_hash = $1 AND merged_into_id IS NULL ORDER BY created_at, id LIMIT 1`,
      [finding.id_hash],
    );
    return found?.id ?? null;
  }

  private async createStudent(
    manager: EntityManager,
    actor: AuditActor,
    finding: FindingRow,
    ids: Map<string, string>,
  ): Promise<string> {
    if (!finding.birth_date || !finding.sex)
      throw invalid('birthDate', 'required', 'a record needs the birth date and sex the register lacks');
    const idNumber = ids.get(`${finding.register_import_id}:${finding.register_row_number}`) ?? null;
    const secured = idNumber ? this.cipher.protect(idNumber) : null;
    const school = finding.school_id
      ? (
          (await manager.query('SELECT id, region_path FROM organisations WHERE id = $1', [
            finding.school_id,
          ])) as { id: string; region_path: string }[]
        )[0]
      : undefined;
    const result = await manager.insert(Student, {
      fullName: finding.full_name,
      sex: finding.sex,
      birthDate: finding.birth_date,
      idNumberCipher: secured?.cipher ?? null,
      idNumberHash: secured?.hash ?? null,
      idNumberMasked: secured?.masked ?? null,
      hukouAddress: finding.address,
      regionPath: finding.region_path,
      hukouRegionId: finding.hukou_region_id,
      // A dropout listed by the enrolment register stays with its school.
      schoolId: school?.id ?? null,
      schoolRegionPath: school?.region_path ?? null,
      enrolmentStatus: school ? 'enrolled' : 'not_enrolled',
    });
    const studentId = result.identifiers[0]['id'] as string;
    if (finding.guardian_name)
      await manager.query(
        `INSERT INTO guardians (full_name, relation, phone, student_id) VALUES ($1, 'other', $2, $3)`,
        [finding.guardian_name, finding.guardian_phone, studentId],
      );
    await this.audit.record(manager, actor, {
      action: 'student.create',
      entityType: 'student',
      entityId: studentId,
      regionPath: finding.region_path,
      details: { source: 'data_comparison', findingId: finding.id },
    });
    return studentId;
  }

  /**
   * 学校保: an enrolled child's own school; else a school in the child's village, else its
   * town, else its county, preferring the level that fits the child's age (小学 to 12, 初中
   * 13–15; a nine-year school fits both).
   */
  async nearestSchool(manager: EntityManager, studentId: string, asOf: string): Promise<School | null> {
    const [student]: { school_id: string | null; region_path: string; birth_date: string }[] =
      await manager.query(
        `SELECT school_id, region_path, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM students WHERE id = $1`,
        [studentId],
      );
    if (student.school_id) {
      const [own]: School[] = await manager.query(
        'SELECT id, name, region_path FROM organisations WHERE id = $1',
        [student.school_id],
      );
      return own ?? null;
    }
    const village = student.region_path;
    const town = village.replace(/[^/]+\/$/, '');
    const county = countyPathOf(village) ?? town;
    const level = ageOn(student.birth_date, asOf) <= 12 ? 'primary' : 'junior_secondary';
    const [school]: School[] = await manager.query(
      `SELECT id, name, region_path FROM organisations
        WHERE type = 'school' AND region_path LIKE $3
        ORDER BY CASE WHEN region_path = $1 THEN 0 WHEN region_path LIKE $2 THEN 1 ELSE 2 END,
                 CASE WHEN school_level::text = $4 OR school_level = 'nine_year' THEN 0
                      WHEN school_level IS NULL THEN 1 ELSE 2 END,
                 name, id
        LIMIT 1`,
      [village, `${town}%`, `${county}%`, level],
    );
    return school ?? null;
  }

  /** Every active responsible with an account, once each; the masked name only. */
  private async notify(manager: EntityManager, caseId: string, finding: FindingRow): Promise<string[]> {
    const recipients: { user_id: string }[] = await manager.query(
      `SELECT DISTINCT user_id FROM case_responsibles WHERE case_id = $1 AND active AND user_id IS NOT NULL`,
      [caseId],
    );
    const what = finding.category === 'never_enrolled' ? '疑似适龄未入学' : '疑似辍学';
    const inputs: NotifyInput[] = recipients.map((r) => ({
      dedupeKey: `case:${caseId}:comparison_opened:user:${r.user_id}`,
      kind: 'reminder',
      stage: null,
      dueItemId: null,
      caseId,
      recipientUserId: r.user_id,
      recipientResponsibleId: null,
      title: `数据比对：${what}`,
      body: `数据比对发现 ${maskName(finding.full_name)} ${what}，已派发核查，请及时入户核实。`,
      link: `/cases/${caseId}`,
      sms: false,
    }));
    return (await this.notifications.store(manager, inputs)).deliveryIds;
  }

  /** 重点: the open case marked priority, the child's special status added, a timeline entry. */
  private async markPriority(
    manager: EntityManager,
    actor: AuditActor,
    finding: FindingRow,
  ): Promise<{ status: 'raised' | 'covered'; caseId: string }> {
    if (!finding.case_id || !finding.student_id) throw invalid('findingIds', 'priorityCase', 'no open case');
    const marked: { id: string }[] = await manager.query(
      `WITH marked AS (
         UPDATE cases SET priority = true, updated_at = $2, version = version + 1
          WHERE id = $1 AND state = ANY($3::case_state[]) AND NOT priority RETURNING id)
       SELECT id FROM marked`,
      [finding.case_id, this.clock.now(), OPEN_STATES],
    );
    if (marked.length === 0) {
      await this.settle(manager, finding.id, 'covered', finding.student_id, finding.case_id);
      return { status: 'covered', caseId: finding.case_id };
    }
    const today = this.clock.now();
    await manager.query(
      `INSERT INTO student_flags (student_id, flag, from_date)
       SELECT DISTINCT $1::uuid, coalesce(l.flag, w.flag::special_status_flag), $3::date
         FROM register_rows l
         JOIN register_imports li ON li.id = l.import_id AND li.status = 'committed'
          AND li.kind IN ('poverty_monitoring', 'civil_affairs', 'disability')
         LEFT JOIN unnest($4::text[], $5::text[]) AS w(kind, flag) ON w.kind = li.kind
        WHERE l.kind IN ('poverty_monitoring', 'civil_affairs', 'disability') AND l.id_hash = $2
          AND coalesce(l.flag, w.flag::special_status_flag) IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM student_flags f
             WHERE f.student_id = $1 AND f.flag = coalesce(l.flag, w.flag::special_status_flag)
               AND (f.to_date IS NULL OR f.to_date >= $3::date))`,
      [
        finding.student_id,
        finding.id_hash,
        chinaToday(today),
        Object.keys(LIST_FLAGS),
        Object.values(LIST_FLAGS),
      ],
    );
    await manager.query(
      `INSERT INTO case_events (case_id, kind, at, payload, comment, actor_user_id, actor_name)
       VALUES ($1, 'fields_updated', $2, $3, $4, $5, $6)`,
      [
        finding.case_id,
        today,
        JSON.stringify({ fields: ['priority'], priority: true, source: 'data_comparison' }),
        `数据比对：${finding.reasons.join('；')}，列为重点关注`,
        actor.userId,
        actor.username,
      ],
    );
    await this.audit.record(manager, actor, {
      action: 'case.priority',
      entityType: 'case',
      entityId: finding.case_id,
      regionPath: finding.region_path,
      details: { findingId: finding.id },
    });
    await this.settle(manager, finding.id, 'raised', finding.student_id, finding.case_id);
    return { status: 'raised', caseId: finding.case_id };
  }
}
