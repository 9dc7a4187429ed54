import { chinaToday, DueKind, nextStage, REMINDER_STAGES, ReminderStage, stageFiresAt } from '@baoxue/domain';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, Job } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { FAULT_POINTS, TestFaults } from '../common/test-faults';
import { NotificationsService } from '../notifications/notifications.service';
import { NotifyInput } from '../notifications/notify-input';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOBS } from '../queues/queue-names';
import { CountySettingsService } from './county-settings.service';
import { reminderNotifications } from './reminder-messages';
import { ResponsiblePerson, stageRecipients } from './reminder-recipients';
import { ReminderJobData, ReminderScheduler, ScheduledStage } from './reminder-scheduler';

interface LockedItem {
  id: string;
  kind: DueKind;
  ref: string;
  due_on: string;
  status: string;
  next_stage: ReminderStage | null;
  next_fire_at: Date | null;
  region_path: string;
  case_id: string | null;
  school_id: string | null;
  child_name: string | null;
  school_name: string | null;
  responsibles: ResponsiblePerson[];
}

// The item locked, with everything its messages and `due` recipients need, in one round trip.
const LOCK_SQL = `
SELECT d.id, d.kind, d.ref, d.due_on::text AS due_on, d.status, d.next_stage, d.next_fire_at, d.region_path,
       d.case_id, coalesce(d.school_id, c.return_school_id, c.school_id) AS school_id,
       s.full_name AS child_name, o.name AS school_name,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', r.id, 'name', r.name, 'line', r.line, 'level', r.level,
                 'userId', CASE WHEN u.active THEN r.user_id END, 'hasUser', r.user_id IS NOT NULL,
                 'phone', r.phone) ORDER BY r.created_at, r.id), '[]'::json)
        FROM case_responsibles r LEFT JOIN users u ON u.id = r.user_id
        WHERE r.case_id = d.case_id AND r.active) AS responsibles
FROM due_items d
LEFT JOIN cases c ON c.id = d.case_id
LEFT JOIN students s ON s.id = c.student_id
LEFT JOIN organisations o ON o.id = d.school_id
WHERE d.id = ANY($1::uuid[])
FOR UPDATE OF d`;

/**
 * The items due at the same stage and instant as the job's own that follow it in id order,
 * locked for this transaction; ones another transaction holds are skipped (it is firing
 * them). Concurrent jobs of a burst start from their own items, so their batches rarely
 * meet, and each reads only its stretch of the (stage, fire time, id) index.
 */
const COMPANIONS_SQL = `
SELECT id FROM due_items
WHERE status = 'pending' AND next_stage = $1 AND id > $2
  AND next_fire_at = (SELECT next_fire_at FROM due_items WHERE id = $2)
ORDER BY id
LIMIT $3
FOR UPDATE SKIP LOCKED`;

/**
 * How many due items one job fires together: a burst of due reminders costs one
 * transaction per batch, not one per item; the others' jobs then find their stage fired.
 */
export const FIRE_BATCH = 250;

type Outcome =
  | { kind: 'gone' }
  | { kind: 'stale'; next: ScheduledStage | null; stageFired: boolean }
  | { kind: 'early'; fireAt: Date }
  | {
      kind: 'fired';
      next: ScheduledStage[];
      /**
       * Items fired along with the job's own. Their jobs are left to run and find the stage
       * fired: removing a waiting job scans the whole wait list, far dearer in a burst.
       */
      companions: string[];
      deliveryIds: string[];
      recipients: number;
    };

const order = (stage: ReminderStage): number => REMINDER_STAGES.indexOf(stage);

/**
 * Fires one stage of a due item: its notifications and the item's move to the next stage
 * commit together, so a retried job (after a crash or a lost acknowledgement) finds the
 * stage fired and only makes sure what follows it is queued.
 */
@Injectable()
export class ReminderFireHandler implements OnModuleInit {
  private readonly logger = new Logger(ReminderFireHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobHandlerRegistry,
    private readonly settings: CountySettingsService,
    private readonly notifications: NotificationsService,
    private readonly scheduler: ReminderScheduler,
    private readonly testFaults: TestFaults,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.reminderFire, (job) => this.handle(job as Job<ReminderJobData>));
  }

  async handle(job: Job<ReminderJobData>): Promise<string> {
    const { dueItemId, stage } = job.data;
    // Most jobs of a burst find their stage fired by another job's batch: a plain read tells,
    // without a transaction. The locked read in `fire` decides for the rest.
    const [row]: StageRow[] = await this.dataSource.query(
      'SELECT id, status, next_stage, next_fire_at FROM due_items WHERE id = $1',
      [dueItemId],
    );
    const outcome: Outcome = !row
      ? { kind: 'gone' }
      : (staleOutcome(row, stage) ??
        (await this.dataSource.transaction((manager) => this.fire(manager, dueItemId, stage))));
    switch (outcome.kind) {
      case 'gone':
        return 'gone';
      case 'early':
        // Redis' clock ran ahead of ours: the same job waits for the rest.
        await job.moveToDelayed(
          Date.now() + (outcome.fireAt.getTime() - this.clock.now().getTime()),
          job.token,
        );
        throw new DelayedError();
      case 'stale':
        // On a first start, a stage already fired was fired by another job's batch, which
        // queues what follows once committed (or, had it died, the sweep does).
        if (outcome.stageFired && job.attemptsStarted <= 1) return 'stale';
        // A retry after the stage committed: what the first try could not queue is queued now.
        if (outcome.next) await this.scheduler.schedule([outcome.next]);
        if (outcome.stageFired)
          await this.notifications.enqueueDeliveries(await this.pendingDeliveries(dueItemId, stage));
        return 'stale';
      case 'fired':
        this.testFaults.crashAt(FAULT_POINTS.exitAfterReminderCommit);
        await this.scheduler.schedule(outcome.next);
        await this.notifications.enqueueDeliveries(outcome.deliveryIds);
        return `fired ${1 + outcome.companions.length} to ${outcome.recipients}`;
    }
  }

  private async fire(manager: EntityManager, dueItemId: string, stage: ReminderStage): Promise<Outcome> {
    const [item]: LockedItem[] = await manager.query(LOCK_SQL, [[dueItemId]]);
    if (!item) return { kind: 'gone' };
    const stale = staleOutcome(item, stage);
    if (stale) return stale;
    const now = this.clock.now();
    if (item.next_fire_at !== null && new Date(item.next_fire_at) > now)
      return { kind: 'early', fireAt: new Date(item.next_fire_at) };

    const companionIds: { id: string }[] = await manager.query(COMPANIONS_SQL, [
      stage,
      item.id,
      FIRE_BATCH - 1,
    ]);
    const companions: LockedItem[] = companionIds.length
      ? await manager.query(LOCK_SQL, [companionIds.map((row) => row.id)])
      : [];
    const today = chinaToday(now);
    const inputs: NotifyInput[] = [];
    const advanced: { id: string; stage: ReminderStage | null; fireAt: Date | null }[] = [];
    let recipientCount = 0;
    for (const due of [item, ...companions]) {
      const settings = await this.settings.settingsFor(due.region_path, { manager });
      const isSchoolReport = due.kind === 'school_report';
      const recipients = await stageRecipients(
        manager,
        {
          regionPath: due.region_path,
          schoolId: due.school_id,
          isSchoolReport,
          responsibles: due.responsibles,
        },
        stage,
      );
      if (recipients.length === 0) this.logger.warn(`due item ${due.id}: stage ${stage} reaches nobody`);
      recipientCount += recipients.length;
      inputs.push(
        ...reminderNotifications(
          {
            id: due.id,
            kind: due.kind,
            ref: due.ref,
            dueOn: due.due_on,
            caseId: due.case_id,
            subjectName: (isSchoolReport ? due.school_name : due.child_name) ?? '',
          },
          stage,
          today,
          due.responsibles,
          recipients,
          settings.smsReminders,
        ),
      );
      const following = nextStage(stage);
      advanced.push({
        id: due.id,
        stage: following,
        fireAt: following === null ? null : stageFiresAt(due.due_on, following, settings),
      });
    }
    const stored = await this.notifications.store(manager, inputs);
    await manager.query(
      `UPDATE due_items d SET next_stage = a.stage, next_fire_at = a.fire_at, updated_at = now()
         FROM unnest($1::uuid[], $2::reminder_stage[], $3::timestamptz[]) AS a(id, stage, fire_at)
        WHERE d.id = a.id`,
      [advanced.map((a) => a.id), advanced.map((a) => a.stage), advanced.map((a) => a.fireAt)],
    );
    this.testFaults.crashAt(FAULT_POINTS.exitBeforeReminderCommit);
    return {
      kind: 'fired',
      next: advanced.flatMap((a) =>
        a.stage === null || a.fireAt === null ? [] : [{ id: a.id, nextStage: a.stage, nextFireAt: a.fireAt }],
      ),
      companions: companions.map((due) => due.id),
      deliveryIds: stored.deliveryIds,
      recipients: recipientCount,
    };
  }

  /** Deliveries of this stage still waiting (their jobs may never have been added). */
  private async pendingDeliveries(dueItemId: string, stage: ReminderStage): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE n.due_item_id = $1 AND n.stage = $2 AND d.status = 'pending'`,
      [dueItemId, stage],
    );
    return rows.map((row) => row.id);
  }
}

type StageRow = Pick<LockedItem, 'id' | 'status' | 'next_stage' | 'next_fire_at'>;

/** Null while `stage` is the item's next; else what a job for it still owes (see `handle`). */
function staleOutcome(item: StageRow, stage: ReminderStage): Outcome | null {
  if (item.status === 'pending' && item.next_stage === stage) return null;
  return {
    kind: 'stale',
    next:
      item.status === 'pending' && item.next_stage !== null && item.next_fire_at !== null
        ? { id: item.id, nextStage: item.next_stage, nextFireAt: new Date(item.next_fire_at) }
        : null,
    stageFired:
      item.next_stage === null || order(item.next_stage) > order(stage) || item.status !== 'pending',
  };
}
