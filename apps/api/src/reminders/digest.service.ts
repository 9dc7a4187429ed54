import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { chinaTimeOf, chinaToday, Role } from '@baoxue/domain';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { NotificationsService } from '../notifications/notifications.service';
import { NotifyInput } from '../notifications/notify-input';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOBS, QUEUES } from '../queues/queue-names';
import { CountySettingsService } from './county-settings.service';
import { digestCounts, digestText } from './digest.message';
import { myWork, WorkUser } from './my-work.query';

/** How often the digest job looks whether some county's digest time has come. */
export const DIGEST_EVERY_MS = 15 * 60 * 1000;
/** Users whose digests are stored in one transaction. */
const BATCH = 200;

interface UserRow {
  id: string;
  role: Role;
  organisation_id: string;
  scope_school_id: string | null;
  scope_path: string;
}

/** The digest a user gets on a China date: one per day, whoever (or however often) runs it. */
export function digestKey(chinaDate: string, userId: string): string {
  return `digest:${chinaDate}:${userId}`;
}

/**
 * The daily digest: once a county's local digest time (Asia/Shanghai) has come, each active
 * user there with work due today or overdue gets one notification summing it up. A repeatable
 * job runs this every 15 minutes; the key per (date, user) makes every run after the first a no-op.
 */
@Injectable()
export class DigestService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly registry: JobHandlerRegistry,
    private readonly clock: Clock,
    private readonly settings: CountySettingsService,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.digestSend, () => this.run());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JOBS.digestSend,
      { every: DIGEST_EVERY_MS },
      { name: JOBS.digestSend },
    );
  }

  /** `checked`: users whose digest time has come and who have none yet today; `sent`: digests stored. */
  async run(): Promise<{ checked: number; sent: number }> {
    const now = this.clock.now();
    const today = chinaToday(now);
    const time = chinaTimeOf(now);
    const due = await this.usersDue(today, time);
    let sent = 0;
    for (let start = 0; start < due.length; start += BATCH) {
      sent += await this.sendBatch(due.slice(start, start + BATCH), today);
    }
    if (sent > 0) this.logger.log(`sent ${sent} daily digests for ${today}`);
    return { checked: due.length, sent };
  }

  /** Active users without today's digest whose county's digest time has come. */
  private async usersDue(today: string, time: string): Promise<WorkUser[]> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT u.id, u.role, u.organisation_id, u.scope_school_id, COALESCE(r.path, o.region_path) AS scope_path
         FROM users u
         LEFT JOIN regions r ON r.id = u.scope_region_id
         LEFT JOIN organisations o ON o.id = u.scope_school_id
        WHERE u.active
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'digest:' || $1 || ':' || u.id)
        ORDER BY u.id`,
      [today],
    );
    const users: WorkUser[] = [];
    for (const row of rows) {
      if (row.scope_path === null) continue;
      // Cached per county by the settings service, so this is one read per county.
      const { digestTime } = await this.settings.settingsFor(row.scope_path);
      if (time < digestTime) continue;
      users.push({
        id: row.id,
        role: row.role,
        scopePath: row.scope_path,
        organisationId: row.organisation_id,
        scopeSchoolId: row.scope_school_id,
      });
    }
    return users;
  }

  /** One transaction per batch; the deliveries are queued once it has committed. */
  private async sendBatch(users: WorkUser[], today: string): Promise<number> {
    const stored = await this.dataSource.transaction(async (manager) => {
      const inputs: NotifyInput[] = [];
      for (const user of users) {
        // No horizon: everything due by today, so the upcoming list is today's items.
        const work = await myWork(manager, user, today, 0);
        const counts = digestCounts(work);
        if (counts.dueToday + counts.overdue === 0) continue;
        inputs.push({
          dedupeKey: digestKey(today, user.id),
          kind: 'digest',
          stage: null,
          dueItemId: null,
          caseId: null,
          recipientUserId: user.id,
          recipientResponsibleId: null,
          ...digestText(work),
          link: '/work',
          sms: false,
        });
      }
      return this.notifications.store(manager, inputs);
    });
    await this.notifications.enqueueDeliveries(stored.deliveryIds);
    return stored.notificationIds.length;
  }
}
