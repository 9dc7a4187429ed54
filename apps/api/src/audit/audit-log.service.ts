import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventView, Page } from '@baoxue/contracts';
import { Scope } from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { pageOf } from '../common/dto/page-query.dto';
import { pathWithin } from '../scope/scope-predicates';
import { AuditEvent } from './audit-event.entity';
import { AuditQueryDto } from './dto/audit.dto';

/**
 * Reads of the audit log for officers: events about things located in their scope, and
 * events with no place (sign-ins) of users whose scope lies in theirs.
 */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: Scope, query: AuditQueryDto): Promise<Page<AuditEventView>> {
    const { page, pageSize, skip } = pageOf(query);
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('a')
      .leftJoin('users', 'actor', 'actor.id = a.actor_user_id');
    if (scope.kind !== 'region') {
      qb.where('false');
    } else {
      const place = pathWithin('a.region_path', scope.regionPath);
      const actor = pathWithin('actor.scope_path', scope.regionPath);
      qb.where(`(${place.sql} OR (a.region_path IS NULL AND ${actor.sql}))`, {
        ...place.params,
        ...actor.params,
      });
    }
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.actorUserId) qb.andWhere('a.actor_user_id = :actorUserId', { actorUserId: query.actorUserId });
    if (query.action?.endsWith('.')) qb.andWhere('a.action LIKE :action', { action: `${query.action}%` });
    else if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.from) qb.andWhere('a.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.occurred_at < :to', { to: query.to });
    const [rows, total] = await qb
      .orderBy('a.occurredAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    return {
      items: rows.map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt.toISOString(),
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        actorUserId: e.actorUserId,
        actorUsername: e.actorUsername,
        reason: e.reason,
        clientIp: e.clientIp,
        details: e.details,
      })),
      total,
      page,
      pageSize,
    };
  }
}
