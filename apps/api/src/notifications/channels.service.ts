import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChannelKind, ChannelTestResult, NotificationChannel, NotificationDelivery } from '@baoxue/contracts';
import { Scope } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { invalid, outOfScope, staleVersion } from '../common/domain-error';
import { SecretBox } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { Organisation } from '../organisations/organisation.entity';
import { scopeRowPredicate } from '../scope/scope-predicates';
import { maskWebhookUrl, parseAllowedHosts, webhookUrlProblem } from './channel-url';
import {
  ChannelListQueryDto,
  CreateNotificationChannelDto,
  DeliveryListQueryDto,
  UpdateNotificationChannelDto,
} from './dto/channel.dto';
import { NotificationChannelRow } from './notification-channel.entity';
import { WebhookSender } from './senders/webhook-sender';

const FAILURE_WINDOW_MS = 7 * 24 * 3600 * 1000;
const DELIVERY_LIST_LIMIT = 100;

interface ChannelViewRow {
  id: string;
  organisation_id: string;
  organisation_name: string;
  kind: ChannelKind;
  name: string;
  url_masked: string;
  has_secret: boolean;
  enabled: boolean;
  version: number;
  recent_failures: number;
  last_error: string | null;
  last_error_at: Date | null;
}

interface DeliveryRow {
  id: string;
  channel: 'webhook' | 'sms';
  channel_id: string | null;
  target: string;
  status: NotificationDelivery['status'];
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
  notification_title: string;
}

function toChannel(row: ChannelViewRow): NotificationChannel {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    kind: row.kind,
    name: row.name,
    urlMasked: row.url_masked,
    hasSecret: row.has_secret,
    enabled: row.enabled,
    version: row.version,
    recentFailures: row.recent_failures,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at ? row.last_error_at.toISOString() : null,
  };
}

/**
 * Group-robot webhook channels of the organisations within the caller's scope. The URL and
 * the signing secret are sealed before they are stored and never returned.
 */
@Injectable()
export class ChannelsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly webhooks: WebhookSender,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async list(scope: Scope, query: ChannelListQueryDto): Promise<NotificationChannel[]> {
    if (query.organisationId) await this.organisationInScope(scope, query.organisationId);
    return this.views(
      this.dataSource.manager,
      scope,
      query.organisationId ? { organisationId: query.organisationId } : {},
    );
  }

  async create(
    scope: Scope,
    dto: CreateNotificationChannelDto,
    actor: AuditActor,
  ): Promise<NotificationChannel> {
    this.checkUrl(dto.kind, dto.url);
    this.checkSecret(dto.kind, dto.secret);
    return this.dataSource.transaction(async (manager) => {
      const organisation = await this.organisationInScope(scope, dto.organisationId, manager).catch(() => {
        throw invalid(
          'organisationId',
          'withinScope',
          'organisationId must be an organisation within your scope',
        );
      });
      const { id } = await manager.save(
        manager.create(NotificationChannelRow, {
          organisationId: organisation.id,
          kind: dto.kind,
          name: dto.name.trim(),
          urlCipher: this.secrets.seal(dto.url.trim()),
          urlMasked: maskWebhookUrl(dto.url.trim()),
          secretCipher: dto.secret ? this.secrets.seal(dto.secret) : null,
          enabled: dto.enabled ?? true,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'notification_channel.create',
        entityType: 'notification_channel',
        entityId: id,
        regionPath: organisation.regionPath,
        details: { organisationId: organisation.id, kind: dto.kind, name: dto.name.trim() },
      });
      return this.view(manager, scope, id);
    });
  }

  async update(
    scope: Scope,
    id: string,
    dto: UpdateNotificationChannelDto,
    actor: AuditActor,
  ): Promise<NotificationChannel> {
    return this.dataSource.transaction(async (manager) => {
      const { channel, organisation } = await this.channelInScope(scope, id, manager);
      if (channel.version !== dto.version) throw staleVersion('notification_channel');
      if (dto.url !== undefined) this.checkUrl(channel.kind, dto.url);
      if (dto.secret) this.checkSecret(channel.kind, dto.secret);
      const changes: Partial<NotificationChannelRow> = {};
      if (dto.name !== undefined) changes.name = dto.name.trim();
      if (dto.enabled !== undefined) changes.enabled = dto.enabled;
      if (dto.url !== undefined) {
        changes.urlCipher = this.secrets.seal(dto.url.trim());
        changes.urlMasked = maskWebhookUrl(dto.url.trim());
      }
      if (dto.secret !== undefined) changes.secretCipher = dto.secret ? this.secrets.seal(dto.secret) : null;
      const result = await manager
        .createQueryBuilder()
        .update(NotificationChannelRow)
        .set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (result.affected !== 1) throw staleVersion('notification_channel');
      await this.audit.record(manager, actor, {
        action: 'notification_channel.update',
        entityType: 'notification_channel',
        entityId: id,
        regionPath: organisation.regionPath,
        // Which fields changed, never the URL or secret themselves.
        details: { fields: Object.keys(dto).filter((field) => field !== 'version') },
      });
      return this.view(manager, scope, id);
    });
  }

  async remove(scope: Scope, id: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { channel, organisation } = await this.channelInScope(scope, id, manager);
      await manager.delete(NotificationChannelRow, { id });
      await this.audit.record(manager, actor, {
        action: 'notification_channel.delete',
        entityType: 'notification_channel',
        entityId: id,
        regionPath: organisation.regionPath,
        details: { organisationId: organisation.id, kind: channel.kind, name: channel.name },
      });
    });
  }

  async deliveries(scope: Scope, id: string, query: DeliveryListQueryDto): Promise<NotificationDelivery[]> {
    await this.channelInScope(scope, id, this.dataSource.manager);
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.id, d.channel, d.channel_id, d.target, d.status, d.attempts, d.last_error, d.sent_at,
              d.created_at, n.title AS notification_title
         FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.channel_id = $1 AND ($2::delivery_status IS NULL OR d.status = $2::delivery_status)
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $3`,
      [id, query.status ?? null, DELIVERY_LIST_LIMIT],
    );
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      channelId: row.channel_id,
      target: row.target,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      sentAt: row.sent_at ? row.sent_at.toISOString() : null,
      createdAt: row.created_at.toISOString(),
      notificationTitle: row.notification_title,
    }));
  }

  /** Posts a test message now (not queued, not retried) and reports what the robot answered. */
  async test(scope: Scope, id: string, actor: AuditActor): Promise<ChannelTestResult> {
    const { channel, organisation } = await this.channelInScope(scope, id, this.dataSource.manager);
    const result = await this.webhooks.send(
      {
        kind: channel.kind,
        url: this.secrets.open(channel.urlCipher),
        secret: channel.secretCipher ? this.secrets.open(channel.secretCipher) : null,
      },
      {
        title: '控辍保学通知测试',
        body: `这是一条测试消息：「${channel.name}」已接入控辍保学系统的提醒与督办通知。`,
        url: this.config.PUBLIC_URL || null,
      },
    );
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, actor, {
        action: 'notification_channel.test',
        entityType: 'notification_channel',
        entityId: id,
        regionPath: organisation.regionPath,
        details: { ok: result.ok, ...(result.ok ? {} : { error: result.error }) },
      }),
    );
    return result.ok ? { ok: true, error: null } : { ok: false, error: result.error };
  }

  private checkUrl(kind: ChannelKind, url: string): void {
    const problem = webhookUrlProblem(kind, url.trim(), {
      production: this.config.production,
      allowedHosts: parseAllowedHosts(this.config.WEBHOOK_HOSTS),
    });
    if (problem) throw invalid('url', problem.rule, problem.message);
  }

  private checkSecret(kind: ChannelKind, secret: string | undefined | null): void {
    if (secret && kind !== 'dingtalk') {
      throw invalid('secret', 'onlyForDingtalk', 'secret (加签) is only for DingTalk channels');
    }
  }

  private async organisationInScope(
    scope: Scope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Organisation> {
    const predicate = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
    const organisation = await manager
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where(predicate.sql, predicate.params)
      .andWhere('o.id = :id', { id })
      .getOne();
    if (!organisation) throw outOfScope('organisation');
    return organisation;
  }

  /** A channel of an organisation in scope, or 404 (also when it exists outside the scope). */
  private async channelInScope(
    scope: Scope,
    id: string,
    manager: EntityManager,
  ): Promise<{ channel: NotificationChannelRow; organisation: Organisation }> {
    const channel = await manager.findOne(NotificationChannelRow, { where: { id } });
    if (!channel) throw outOfScope('notification_channel');
    const organisation = await this.organisationInScope(scope, channel.organisationId, manager).catch(() => {
      throw outOfScope('notification_channel');
    });
    return { channel, organisation };
  }

  private async view(manager: EntityManager, scope: Scope, id: string): Promise<NotificationChannel> {
    const [channel] = await this.views(manager, scope, { id });
    if (!channel) throw outOfScope('notification_channel');
    return channel;
  }

  private async views(
    manager: EntityManager,
    scope: Scope,
    filter: { id?: string; organisationId?: string },
  ): Promise<NotificationChannel[]> {
    const predicate = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
    const conditions = [predicate.sql];
    if (filter.id) conditions.push('c.id = :channelId');
    if (filter.organisationId) conditions.push('c.organisation_id = :organisationId');
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT c.id, c.organisation_id, o.name AS organisation_name, c.kind, c.name, c.url_masked,
              c.secret_cipher IS NOT NULL AS has_secret, c.enabled, c.version,
              (SELECT count(*)::int FROM notification_deliveries f
                WHERE f.channel_id = c.id AND f.status = 'failed' AND f.last_attempt_at >= :since)
                AS recent_failures,
              e.last_error, e.last_attempt_at AS last_error_at
         FROM notification_channels c
         JOIN organisations o ON o.id = c.organisation_id
         LEFT JOIN LATERAL (
           SELECT d.last_error, d.last_attempt_at FROM notification_deliveries d
            WHERE d.channel_id = c.id AND d.last_error IS NOT NULL
            ORDER BY d.last_attempt_at DESC NULLS LAST LIMIT 1) e ON true
        WHERE ${conditions.join(' AND ')}
        ORDER BY o.region_path, o.name, c.name, c.id`,
      {
        ...predicate.params,
        channelId: filter.id,
        organisationId: filter.organisationId,
        since: new Date(this.clock.now().getTime() - FAILURE_WINDOW_MS),
      },
      {},
    );
    const rows: ChannelViewRow[] = await manager.query(sql, parameters);
    return rows.map(toChannel);
  }
}
