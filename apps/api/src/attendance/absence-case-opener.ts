import { Injectable, Logger } from '@nestjs/common';
import { OpenedByAttendance } from '@baoxue/contracts';
import { EntityManager } from 'typeorm';
import { AuditActor } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { CasesService, isOpenCaseViolation } from '../cases/cases.service';
import { OpenCaseDto } from '../cases/dto/case.dto';
import { nameSchoolResponsible } from '../cases/school-responsible';
import { DomainError } from '../common/domain-error';
import { NotificationsService } from '../notifications/notifications.service';
import { NotifyInput } from '../notifications/notify-input';
import { maskName } from '../students/student-masking';
import type { AbsenceFindings } from './absence-rule';
import { AbsenceRun } from './absence-runs';
import { AttendanceSchool } from './attendance-school';

/** The timeline's and the case's word for why it was opened. */
export const absenceReasonNote = (run: number) => `连续${run}个教学日无故缺勤，系统自动生成`;

/** What the rule did in the saving transaction; the deliveries are queued once it commits. */
export interface AbsenceOutcome {
  opened: OpenedByAttendance[];
  deliveryIds: string[];
}

/** One child's case at a time: a refused one is undone alone, the roll and the others stay. */
const SAVEPOINT = 'absence_case';

/**
 * Opens the suspected cases (疑似辍学, source 学校考勤) the consecutive-absence rule asks for,
 * in the transaction that saves the marks, through CasesService.openIn so a case opened here
 * is opened like any other: its timeline, audit, the opener and the child's village officials
 * named, its verification due item. The school is named too when the roll was saved by a
 * bureau officer, and every named person with an account gets a notification (stored in the
 * same transaction). A child whose case cannot be opened (already open, also when a
 * concurrent save won the one-open-case index) is rolled back to its savepoint and skipped.
 */
@Injectable()
export class AbsenceCaseOpener {
  private readonly logger = new Logger(AbsenceCaseOpener.name);

  constructor(
    private readonly cases: CasesService,
    private readonly notifications: NotificationsService,
  ) {}

  async open(
    manager: EntityManager,
    user: AuthUser,
    actor: AuditActor,
    school: AttendanceSchool,
    findings: AbsenceFindings,
  ): Promise<AbsenceOutcome> {
    const outcome: AbsenceOutcome = { opened: [], deliveryIds: [] };
    for (const run of findings.runs) {
      await manager.query(`SAVEPOINT ${SAVEPOINT}`);
      try {
        const caseId = await this.openOne(manager, user, actor, school, run);
        const studentName = findings.names.get(run.studentId) ?? '';
        outcome.deliveryIds.push(...(await this.notify(manager, caseId, run, studentName, findings.sms)));
        await manager.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
        outcome.opened.push({ caseId, studentId: run.studentId, studentName, run: run.run });
      } catch (error) {
        if (!(error instanceof DomainError) && !isOpenCaseViolation(error)) throw error;
        await manager.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
        await manager.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
        // Already open is the rule working; any other refusal leaves the roll saved and is reported.
        if (!isOpenCaseViolation(error) && (error as DomainError).code !== 'case.already_open')
          this.logger.warn(
            `no attendance case for student ${run.studentId}: ${(error as DomainError).code} ${(error as Error).message}`,
          );
      }
    }
    return outcome;
  }

  /** After the saving transaction has committed: the SMS and webhook deliveries are queued. */
  async afterCommit(outcome: AbsenceOutcome): Promise<void> {
    try {
      await this.notifications.enqueueDeliveries(outcome.deliveryIds);
    } catch (error) {
      // The marks, cases and notifications are saved; the pending-delivery sweep queues these.
      this.logger.error(
        `could not queue ${outcome.deliveryIds.length} attendance case deliveries: ${(error as Error).message}`,
      );
    }
  }

  private async openOne(
    manager: EntityManager,
    user: AuthUser,
    actor: AuditActor,
    school: AttendanceSchool,
    run: AbsenceRun,
  ): Promise<string> {
    const note = absenceReasonNote(run.run);
    const dto: OpenCaseDto = {
      studentId: run.studentId,
      type: 'suspected_dropout',
      source: 'school_attendance',
      primaryReason: 'other',
      reasonNote: note,
      absentSince: run.since,
    };
    const id = await this.cases.openIn(manager, user, dto, actor, { comment: note });
    if (user.role !== 'school_staff')
      await nameSchoolResponsible(this.cases, manager, user, actor, id, school);
    return id;
  }

  /**
   * Every active responsible with an account, once each; masked name only (notifications never
   * carry one in full). Returns the deliveries to queue after the commit.
   */
  private async notify(
    manager: EntityManager,
    caseId: string,
    run: AbsenceRun,
    studentName: string,
    sms: boolean,
  ): Promise<string[]> {
    const recipients: { user_id: string }[] = await manager.query(
      `SELECT DISTINCT user_id FROM case_responsibles WHERE case_id = $1 AND active AND user_id IS NOT NULL`,
      [caseId],
    );
    const inputs: NotifyInput[] = recipients.map((r) => ({
      dedupeKey: `case:${caseId}:attendance_opened:user:${r.user_id}`,
      kind: 'reminder',
      stage: null,
      dueItemId: null,
      caseId,
      recipientUserId: r.user_id,
      recipientResponsibleId: null,
      title: '考勤预警：疑似辍学',
      body: `${maskName(studentName)} 已连续${run.run}个教学日无故缺勤（自${run.since}起），系统已自动生成疑似辍学案件，请及时核查。`,
      link: `/cases/${caseId}`,
      sms,
    }));
    return (await this.notifications.store(manager, inputs)).deliveryIds;
  }
}
