import { CaseResponsible } from '@baoxue/contracts';
import { Level, Line, Party, Role } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { User } from '../users/user.entity';

/** A responsible person to name: the fields a CaseResponsible records about them. */
export type ResponsibleToAssign = Pick<
  CaseResponsible,
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
export async function responsiblesOnOpen(
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
