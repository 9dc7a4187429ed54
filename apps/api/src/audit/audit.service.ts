import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

/** Who did it and from where: taken from the request by the controller. */
export interface AuditActor {
  userId: string | null;
  username: string | null;
  clientIp: string | null;
}

export interface AuditRecord {
  action: string;
  entityType?: string;
  entityId?: string | null;
  regionPath?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Writes the audit log. Takes the caller's EntityManager so the event commits or rolls
 * back with the change it describes.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, actor: AuditActor, record: AuditRecord): Promise<void> {
    await manager.insert(AuditEvent, {
      action: record.action,
      entityType: record.entityType ?? null,
      entityId: record.entityId ?? null,
      regionPath: record.regionPath ?? null,
      reason: record.reason ?? null,
      // jsonb: TypeORM's deep-partial insert type does not accept Record<string, unknown>.
      details: (record.details ?? null) as never,
      actorUserId: actor.userId,
      actorUsername: actor.username,
      clientIp: actor.clientIp,
    });
  }
}
