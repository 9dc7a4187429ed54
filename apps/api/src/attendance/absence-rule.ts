import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditActor } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { CountySettingsService } from '../reminders/county-settings.service';
import { AbsenceCaseOpener, AbsenceOutcome } from './absence-case-opener';
import { AbsenceRun, absenceRunsReaching, UnexcusedDay } from './absence-runs';
import { AttendanceSchool } from './attendance-school';

/** Children the rule picked, found inside the saving transaction. */
export interface AbsenceFindings {
  runs: AbsenceRun[];
  names: Map<string, string>;
  /** The county's smsReminders: those named hear of the case by SMS too. */
  sms: boolean;
}

/**
 * The early-warning rule (连续无故缺勤): N school days of unexcused absence in a row (N is
 * the county's absenceSchoolDays) opens one suspected case for a child without one, in the
 * transaction that saves the marks: the roll and its cases commit together or not at all.
 */
@Injectable()
export class AbsenceRule {
  constructor(
    private readonly settings: CountySettingsService,
    private readonly opener: AbsenceCaseOpener,
  ) {}

  /** Whose runs reached N, with the county's settings for telling them. */
  private async find(
    manager: EntityManager,
    school: AttendanceSchool,
    unexcused: readonly UnexcusedDay[],
  ): Promise<AbsenceFindings> {
    if (unexcused.length === 0) return { runs: [], names: new Map(), sms: false };
    const { absenceSchoolDays, smsReminders } = await this.settings.settingsFor(school.regionPath, {
      manager,
    });
    const runs = await absenceRunsReaching(manager, unexcused, absenceSchoolDays);
    if (runs.length === 0) return { runs, names: new Map(), sms: smsReminders };
    const rows: { id: string; full_name: string }[] = await manager.query(
      'SELECT id, full_name FROM students WHERE id = ANY($1::uuid[])',
      [runs.map((run) => run.studentId)],
    );
    return { runs, names: new Map(rows.map((row) => [row.id, row.full_name])), sms: smsReminders };
  }

  /** In the saving transaction, after the marks are written: opens the cases whose runs reached N. */
  async apply(
    manager: EntityManager,
    user: AuthUser,
    actor: AuditActor,
    school: AttendanceSchool,
    unexcused: readonly UnexcusedDay[],
  ): Promise<AbsenceOutcome> {
    const findings = await this.find(manager, school, unexcused);
    if (findings.runs.length === 0) return { opened: [], deliveryIds: [] };
    return this.opener.open(manager, user, actor, school, findings);
  }

  /** Once the saving transaction has committed: queues the notifications' deliveries. */
  afterCommit(outcome: AbsenceOutcome): Promise<void> {
    return this.opener.afterCommit(outcome);
  }
}
