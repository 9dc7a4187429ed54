import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditActor } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DueItemsSync } from '../reminders/due-items.sync';
import { User } from '../users/user.entity';
import { CaseEvent } from './case-event.entity';

/** What a timeline entry says; the actor and the time are filled in. */
export type CaseEventInput = Pick<CaseEvent, 'kind'> &
  Partial<Pick<CaseEvent, 'transition' | 'fromState' | 'toState' | 'payload' | 'comment'>>;

/** The case's timeline (append-only): one entry per thing that happened, with who did it. */
@Injectable()
export class CaseTimeline {
  constructor(
    private readonly clock: Clock,
    private readonly dueItems: DueItemsSync,
  ) {}

  /** Appends an entry in the caller's transaction; the case's due items follow at its commit. */
  async append(
    manager: EntityManager,
    actor: AuditActor,
    caseId: string,
    event: CaseEventInput,
  ): Promise<void> {
    const actorUser = actor.userId
      ? await manager.findOne(User, { where: { id: actor.userId }, select: { id: true, displayName: true } })
      : null;
    await manager.insert(CaseEvent, {
      caseId,
      kind: event.kind,
      transition: event.transition ?? null,
      fromState: event.fromState ?? null,
      toState: event.toState ?? null,
      payload: (event.payload ?? null) as never,
      comment: event.comment ?? null,
      at: this.clock.now(),
      actorUserId: actor.userId,
      actorName: actorUser?.displayName ?? actor.username,
    });
    // Every case write appends here, so this is where its due items are re-derived.
    await this.dueItems.markCaseChanged(manager, caseId);
  }
}
