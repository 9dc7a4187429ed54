import { EntityManager } from 'typeorm';
import { AuditActor } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import type { CasesService } from './cases.service';

/**
 * 学校保: names a school on a case opened for it by someone outside it (the attendance rule run
 * by a bureau officer, a comparison's routing): the school's head, or else its first active
 * staff member, or the school itself when it has no account yet.
 */
export async function nameSchoolResponsible(
  cases: CasesService,
  manager: EntityManager,
  user: AuthUser,
  actor: AuditActor,
  caseId: string,
  school: { id: string; name: string },
): Promise<void> {
  const [staff]: { id: string; display_name: string }[] = await manager.query(
    `SELECT id, display_name FROM users
      WHERE organisation_id = $1 AND role = 'school_staff' AND active
      ORDER BY heads_organisation DESC, created_at, id LIMIT 1`,
    [school.id],
  );
  await cases.assignResponsibleIn(
    manager,
    user,
    caseId,
    {
      name: staff?.display_name ?? school.name,
      party: 'school',
      line: 'education',
      level: 'school',
      organisationId: school.id,
      ...(staff ? { userId: staff.id } : {}),
    },
    actor,
  );
}
