import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldCaseCard, FieldCards } from '@baoxue/contracts';
import { chinaToday } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { outOfScope } from '../common/domain-error';
import { compareCards, toFieldCaseCard } from './field-card.presenter';
import { loadCardCases, loadCardParts } from './field-cards.query';

/** What a card shows unmasked: named in the audit entry of every read. */
const FULL_FIELDS = ['guardianPhones', 'currentAddress'] as const;

/**
 * The field app's cards (乡村找): the open cases the caller is an active responsible person on,
 * with what a visit needs in full. Only ever the caller's own responsibilities, so any role
 * may ask; department liaisons act on referrals and hold none.
 */
@Injectable()
export class FieldCardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, actor: AuditActor): Promise<FieldCards> {
    return this.dataSource.transaction(async (manager) => {
      const cards = (await this.load(manager, user)).map((loaded) => loaded.card);
      // Nothing personal was read when there is no card.
      if (cards.length > 0)
        await this.audit.record(manager, actor, {
          action: 'field.cards.read',
          entityType: 'case',
          details: {
            caseIds: cards.map((c) => c.caseId),
            studentIds: cards.map((c) => c.student.id),
            fields: FULL_FIELDS,
          },
        });
      return { cards, at: this.clock.now().toISOString() };
    });
  }

  /** One card; 404 when the case is not one of the caller's open responsibilities. */
  async get(user: AuthUser, caseId: string, actor: AuditActor): Promise<FieldCaseCard> {
    return this.dataSource.transaction(async (manager) => {
      const [loaded] = await this.load(manager, user, caseId);
      if (!loaded) throw outOfScope('case');
      await this.audit.record(manager, actor, {
        action: 'field.card.read',
        entityType: 'case',
        entityId: caseId,
        regionPath: loaded.regionPath,
        details: { studentId: loaded.card.student.id, fields: FULL_FIELDS },
      });
      return loaded.card;
    });
  }

  /** The caller's cards in the day's order of work, with each case's region path for the audit. */
  private async load(
    manager: EntityManager,
    user: AuthUser,
    caseId?: string,
  ): Promise<{ card: FieldCaseCard; regionPath: string }[]> {
    if (user.role === 'department_liaison') return [];
    const today = chinaToday(this.clock.now());
    const cases = await loadCardCases(manager, user.id, user.scope, caseId);
    const parts = await loadCardParts(manager, cases, today);
    return cases
      .map((c) => ({ card: toFieldCaseCard(c, parts, today), regionPath: c.regionPath }))
      .sort((a, b) => compareCards(a.card, b.card));
  }
}
