import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { maskPhone } from '@baoxue/domain';
import { Queue } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { deliveryJobOptions } from '../queues/job-options';
import { deliveryJobId, JOBS, QUEUES } from '../queues/queue-names';
import { NotifyInput, StoredNotifications } from './notify-input';

/** How many pending deliveries one requeue pass looks at, and how many jobs go in one addBulk. */
const REQUEUE_LIMIT = 50_000;
const BULK_SIZE = 1_000;

/** A new notification and one place it also goes (a row per channel, or one without). */
interface InsertedRoute {
  id: string;
  dedupe_key: string;
  phone: string | null;
  channel_id: string | null;
  channel_name: string | null;
}

interface NewDelivery {
  dedupeKey: string;
  channel: 'webhook' | 'sms';
  channelId: string | null;
  target: string;
  notificationId: string;
}

/**
 * Stores notifications (the in-app inbox rows) with their outside deliveries, deduplicated
 * by key so a retried job stores nothing twice, and queues the deliveries once committed.
 * One statement per table for a whole batch (the reminder job and the digest store thousands);
 * a batch that goes to no channel takes a single round trip.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Inside the caller's transaction: inserts the new notifications (a known dedupe key is
   * skipped) and, for those only, a delivery per enabled webhook channel of the recipient
   * user's organisation and an SMS when asked and a phone is known.
   */
  async store(manager: EntityManager, inputs: NotifyInput[]): Promise<StoredNotifications> {
    const unique = [...new Map(inputs.map((input) => [input.dedupeKey, input])).values()];
    if (unique.length === 0) return { notificationIds: [], deliveryIds: [] };
    for (const input of unique) {
      if ((input.recipientUserId === null) === (input.recipientResponsibleId === null)) {
        throw new Error(`notification ${input.dedupeKey}: exactly one recipient is required`);
      }
    }
    const now = this.clock.now();
    // One statement inserts and returns, per new notification, where else it goes: a row per
    // enabled channel of the recipient's organisation (or one without), with the phone.
    const routes: InsertedRoute[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO notifications (dedupe_key, kind, stage, due_item_id, case_id, recipient_user_id,
           recipient_responsible_id, title, body, link, created_at)
         SELECT *, $11::timestamptz FROM unnest($1::text[], $2::notification_kind[], $3::reminder_stage[],
           $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[])
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id, dedupe_key, recipient_user_id, recipient_responsible_id)
       SELECT i.id, i.dedupe_key, COALESCE(u.phone, r.phone) AS phone,
              c.id AS channel_id, c.name AS channel_name
         FROM inserted i
         LEFT JOIN users u ON u.id = i.recipient_user_id
         LEFT JOIN case_responsibles r ON r.id = i.recipient_responsible_id
         LEFT JOIN notification_channels c ON c.organisation_id = u.organisation_id AND c.enabled`,
      [
        unique.map((i) => i.dedupeKey),
        unique.map((i) => i.kind),
        unique.map((i) => i.stage),
        unique.map((i) => i.dueItemId),
        unique.map((i) => i.caseId),
        unique.map((i) => i.recipientUserId),
        unique.map((i) => i.recipientResponsibleId),
        unique.map((i) => i.title),
        unique.map((i) => i.body),
        unique.map((i) => i.link),
        now,
      ],
    );
    if (routes.length === 0) return { notificationIds: [], deliveryIds: [] };
    const byKey = new Map(unique.map((input) => [input.dedupeKey, input]));
    const deliveries = plannedDeliveries(routes, byKey);
    const deliveryIds = await this.insertDeliveries(manager, deliveries, now);
    return { notificationIds: [...new Set(routes.map((route) => route.id))], deliveryIds };
  }

  /** After commit: one job per delivery (its id is deterministic, so twice is harmless). */
  async enqueueDeliveries(deliveryIds: string[]): Promise<void> {
    const options = deliveryJobOptions(this.config.DELIVERY_ATTEMPTS, this.config.DELIVERY_BACKOFF_MS);
    for (let start = 0; start < deliveryIds.length; start += BULK_SIZE) {
      await this.queue.addBulk(
        deliveryIds.slice(start, start + BULK_SIZE).map((deliveryId) => ({
          name: JOBS.deliverySend,
          data: { deliveryId },
          opts: { ...options, jobId: deliveryJobId(deliveryId) },
        })),
      );
    }
  }

  /**
   * Queues every pending delivery whose job is gone (Redis lost its data, or the process
   * died between commit and queueing). Returns how many it queued.
   */
  async requeuePending(): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notification_deliveries WHERE status = 'pending' ORDER BY created_at LIMIT $1`,
      [REQUEUE_LIMIT],
    );
    let queued = 0;
    for (let start = 0; start < rows.length; start += BULK_SIZE) {
      const ids = rows.slice(start, start + BULK_SIZE).map((row) => row.id);
      const jobs = await Promise.all(ids.map((id) => this.queue.getJob(deliveryJobId(id))));
      const missing = ids.filter((_, index) => !jobs[index]);
      await this.enqueueDeliveries(missing);
      queued += missing.length;
    }
    return queued;
  }

  private async insertDeliveries(
    manager: EntityManager,
    deliveries: NewDelivery[],
    now: Date,
  ): Promise<string[]> {
    if (deliveries.length === 0) return [];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO notification_deliveries (dedupe_key, channel, channel_id, target, notification_id,
         created_at, updated_at)
       SELECT *, $6::timestamptz, $6::timestamptz FROM unnest($1::text[], $2::delivery_channel[],
         $3::uuid[], $4::text[], $5::uuid[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        deliveries.map((d) => d.dedupeKey),
        deliveries.map((d) => d.channel),
        deliveries.map((d) => d.channelId),
        deliveries.map((d) => d.target),
        deliveries.map((d) => d.notificationId),
        now,
      ],
    );
    return rows.map((row) => row.id);
  }
}

/**
 * A delivery per channel row of a user recipient (digests excepted), and one SMS per
 * notification when asked.
 */
function plannedDeliveries(routes: InsertedRoute[], byKey: Map<string, NotifyInput>): NewDelivery[] {
  const deliveries: NewDelivery[] = [];
  const smsPlanned = new Set<string>();
  for (const route of routes) {
    const input = byKey.get(route.dedupe_key) as NotifyInput;
    // A digest is one person's list: the organisation's group hears of each item already.
    if (route.channel_id && input.recipientUserId && input.kind !== 'digest') {
      deliveries.push({
        dedupeKey: `${route.id}:webhook:${route.channel_id}`,
        channel: 'webhook',
        channelId: route.channel_id,
        target: route.channel_name ?? '',
        notificationId: route.id,
      });
    }
    if (input.sms && route.phone && !smsPlanned.has(route.id)) {
      smsPlanned.add(route.id);
      deliveries.push({
        dedupeKey: `${route.id}:sms`,
        channel: 'sms',
        channelId: null,
        target: maskPhone(route.phone),
        notificationId: route.id,
      });
    }
  }
  return deliveries;
}
