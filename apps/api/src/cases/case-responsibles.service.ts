import { Injectable } from '@nestjs/common';
import { CaseResponsible as CaseResponsibleView } from '@baoxue/contracts';
import { Level, Line, Party, Role } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { User } from '../users/user.entity';
import { CaseResponsible } from './case-responsible.entity';
import { CaseTimeline } from './case-timeline.service';
import { Case } from './case.entity';

/** A responsible person to name: the fields a CaseResponsible records about them. */
export type ResponsibleToAssign = Pick<
  CaseResponsibleView,
  'name' | 'party' | 'line' | 'level' | 'userId' | 'organisationId' | 'phone'
>;

/** The line and level an opener takes on when they open a case (field roles only). */
export const OPENER_RESPONSIBILITY: Partial<Record<Role, { party: Party; line: Line; level: Level }>> = {
  school_staff: { party: 'school', line: 'education', level: 'class' },
  village_official: { party: 'village', line: 'government', level: 'village' },
  government_official: { party: 'government', line: 'government', level: 'town' },
};

const VILLAGE_RESPONSIBILITY = OPENER_RESPONSIBILITY.village_official as {
  party: Party;
  line: Line;
  level: Level;
};

/**
 * Who becomes responsible when a case opens, so it shows in their "my cases": the opener
 * on their own line, and every active village official of exactly the child's 户籍 village
 * (乡村找). Each user once.
 */
async function responsiblesOnOpen(
  manager: EntityManager,
  opener: AuthUser,
  villagePath: string,
): Promise<ResponsibleToAssign[]> {
  const users = await manager.find(User, {
    where: [{ id: opener.id }, { role: 'village_official', active: true, scopePath: villagePath }],
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const person = (u: User, as: { party: Party; line: Line; level: Level }): ResponsibleToAssign => ({
    name: u.displayName,
    ...as,
    userId: u.id,
    organisationId: u.organisationId,
    phone: u.phone,
  });
  const result: ResponsibleToAssign[] = [];
  const own = OPENER_RESPONSIBILITY[opener.role];
  const openerUser = users.find((u) => u.id === opener.id);
  if (own && openerUser) result.push(person(openerUser, own));
  for (const u of users) {
    if (u.role !== 'village_official' || !u.active || u.scopePath !== villagePath) continue;
    if (result.some((r) => r.userId === u.id)) continue;
    result.push(person(u, VILLAGE_RESPONSIBILITY));
  }
  return result;
}

/** Naming responsible persons (双线责任人): the record, its timeline entry and the audit. */
@Injectable()
export class CaseResponsibles {
  constructor(
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
  ) {}

  /** Names one person in the caller's transaction. */
  async add(
    manager: EntityManager,
    actor: AuditActor,
    c: Pick<Case, 'id' | 'regionPath'>,
    person: ResponsibleToAssign,
    automatic = false,
  ): Promise<CaseResponsible> {
    const saved = await manager.save(manager.create(CaseResponsible, { caseId: c.id, ...person }));
    const codes = { responsibleId: saved.id, party: person.party, line: person.line, level: person.level };
    const details = automatic ? { ...codes, automatic } : codes;
    await this.timeline.append(manager, actor, c.id, { kind: 'responsible_assigned', payload: details });
    await this.audit.record(manager, actor, {
      action: 'case.assign_responsible',
      entityType: 'case',
      entityId: c.id,
      regionPath: c.regionPath,
      details,
    });
    return saved;
  }

  /** Names those responsible on a newly opened case; its region path is the child's 户籍 village. */
  async nameOnOpen(
    manager: EntityManager,
    opener: AuthUser,
    actor: AuditActor,
    c: Pick<Case, 'id' | 'regionPath'>,
  ): Promise<void> {
    for (const person of await responsiblesOnOpen(manager, opener, c.regionPath))
      await this.add(manager, actor, c, person, true);
  }
}
