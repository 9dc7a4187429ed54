import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelKind } from '@baoxue/contracts';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { SecretBox } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOBS } from '../queues/queue-names';
import { absoluteLink, OutgoingMessage, SendResult, shortError } from './senders/outgoing-message';
import { SMS_SENDER, SmsSender } from './senders/sms-sender';
import { WebhookSender } from './senders/webhook-sender';

export interface DeliverySendData {
  deliveryId: string;
}

interface DeliveryToSend {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  channel: 'webhook' | 'sms';
  title: string;
  body: string;
  link: string | null;
  kind: ChannelKind | null;
  url_cipher: Buffer | null;
  secret_cipher: Buffer | null;
  enabled: boolean | null;
  phone: string | null;
}

/** Thrown so BullMQ retries the delivery with backoff; the row already says why. */
export class DeliveryFailed extends Error {
  constructor(deliveryId: string, reason: string) {
    super(`delivery ${deliveryId}: ${reason}`);
    this.name = 'DeliveryFailed';
  }
}

/**
 * Sends one delivery (job `delivery.send`). Each try is counted on the row; a failure is
 * thrown for BullMQ to retry with exponential backoff, and the last one marks the row
 * failed. It never touches the notification itself: the inbox row stands either way.
 */
@Injectable()
export class DeliverySendHandler implements OnModuleInit {
  private readonly logger = new Logger(DeliverySendHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobHandlerRegistry,
    private readonly secrets: SecretBox,
    private readonly webhooks: WebhookSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.deliverySend, (job: Job) => this.handle(job as Job<DeliverySendData>));
  }

  async handle(job: Job<DeliverySendData>): Promise<string> {
    const { deliveryId } = job.data;
    const delivery = await this.load(deliveryId);
    // Gone with its channel or notification, or done by an earlier try: nothing to send.
    if (!delivery) return 'gone';
    if (delivery.status !== 'pending') return delivery.status;

    const result = await this.send(delivery);
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.dataSource.transaction((manager) =>
      manager.query(
        `UPDATE notification_deliveries
            SET attempts = attempts + 1, last_attempt_at = $2, updated_at = $2,
                status = $3::delivery_status, sent_at = $4, last_error = $5
          WHERE id = $1 AND status = 'pending'`,
        [
          deliveryId,
          this.clock.now(),
          result.ok ? 'sent' : lastTry || result.final ? 'failed' : 'pending',
          result.ok ? this.clock.now() : null,
          result.ok ? null : result.error,
        ],
      ),
    );
    if (result.ok) return 'sent';
    if (result.final) return 'failed';
    throw new DeliveryFailed(deliveryId, result.error);
  }

  private async load(deliveryId: string): Promise<DeliveryToSend | null> {
    const rows: DeliveryToSend[] = await this.dataSource.query(
      `SELECT d.id, d.status, d.channel, n.title, n.body, n.link,
              c.kind, c.url_cipher, c.secret_cipher, c.enabled,
              COALESCE(u.phone, r.phone) AS phone
         FROM notification_deliveries d
         JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN notification_channels c ON c.id = d.channel_id
         LEFT JOIN users u ON u.id = n.recipient_user_id
         LEFT JOIN case_responsibles r ON r.id = n.recipient_responsible_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return rows[0] ?? null;
  }

  /** `final`: retrying cannot help (the channel was switched off, the phone removed). */
  private async send(delivery: DeliveryToSend): Promise<SendResult & { final?: boolean }> {
    const message: OutgoingMessage = {
      title: delivery.title,
      body: delivery.body,
      url: absoluteLink(this.config.PUBLIC_URL, delivery.link),
    };
    try {
      if (delivery.channel === 'sms') {
        if (!delivery.phone) return { ok: false, error: 'no phone number any more', final: true };
        return await this.sms.send(delivery.phone, message);
      }
      if (!delivery.kind || !delivery.url_cipher) {
        return { ok: false, error: 'channel gone', final: true };
      }
      if (!delivery.enabled) return { ok: false, error: 'channel disabled', final: true };
      return await this.webhooks.send(
        {
          kind: delivery.kind,
          url: this.secrets.open(delivery.url_cipher),
          secret: delivery.secret_cipher ? this.secrets.open(delivery.secret_cipher) : null,
        },
        message,
      );
    } catch (error) {
      // A sender that throws (a bug, an undecryptable secret) counts as a failed try.
      this.logger.warn(`delivery ${delivery.id} threw: ${error instanceof Error ? error.message : error}`);
      return { ok: false, error: shortError(error instanceof Error ? error.name : 'error') };
    }
  }
}
