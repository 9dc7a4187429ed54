import { escalationLevel, Level, Line, ReminderStage } from '@baoxue/domain';
import { EntityManager } from 'typeorm';

/** An active responsible person of the case (双线责任人). */
export interface ResponsiblePerson {
  id: string;
  name: string;
  line: Line;
  level: Level;
  /** Their account, when it is active. */
  userId: string | null;
  /** True when the person has an account at all (an inactive one is never reached). */
  hasUser: boolean;
  phone: string | null;
}

/** The level a recipient is reached as: on escalation, the level it was escalated to. */
export type RecipientLevel = Level | 'bureau_leader';

export interface Recipient {
  userId: string | null;
  /** A responsible person without an account, reached by SMS only. */
  responsibleId: string | null;
  level: RecipientLevel | null;
}

/** What the recipients of a stage depend on. */
export interface RecipientSubject {
  /** The case's region path, or the school's for a school report. */
  regionPath: string;
  /** The case's current school (its return school first), or the reporting school. */
  schoolId: string | null;
  isSchoolReport: boolean;
  responsibles: readonly ResponsiblePerson[];
}

/** A school's report is the school's own duty: it escalates like a responsible at school level. */
const SCHOOL_AS_RESPONSIBLE = { line: 'education', level: 'school' } as const;

/** The levels a stage goes to, from the responsible persons' lines (one level each). */
export function targetLevels(subject: RecipientSubject, stage: ReminderStage): RecipientLevel[] {
  if (stage === 'bureau_leader') return ['bureau_leader'];
  const people = subject.isSchoolReport ? [SCHOOL_AS_RESPONSIBLE] : subject.responsibles;
  const levels = new Set<RecipientLevel>();
  for (const person of people) {
    const level = escalationLevel(person.line, person.level, stage);
    if (level !== null) levels.add(level);
  }
  return [...levels];
}

/**
 * Who a stage of a due item reaches, each once; inactive users never. `due`: the case's
 * responsible persons (or the school's head, else its staff); later stages: the users one
 * or two levels up each responsible person's line, then the bureau leader.
 */
export async function stageRecipients(
  manager: EntityManager,
  subject: RecipientSubject,
  stage: ReminderStage,
): Promise<Recipient[]> {
  if (stage === 'due') {
    if (subject.isSchoolReport) return schoolStaff(manager, subject.schoolId);
    return dueRecipients(subject.responsibles);
  }
  return usersAtLevels(manager, subject, targetLevels(subject, stage));
}

/** The responsible persons themselves: their account, else their phone (SMS only). */
export function dueRecipients(responsibles: readonly ResponsiblePerson[]): Recipient[] {
  const seen = new Set<string>();
  const result: Recipient[] = [];
  for (const person of responsibles) {
    if (person.userId !== null) {
      if (seen.has(person.userId)) continue;
      seen.add(person.userId);
      result.push({ userId: person.userId, responsibleId: null, level: person.level });
    } else if (!person.hasUser && person.phone) {
      result.push({ userId: null, responsibleId: person.id, level: person.level });
    }
  }
  return result;
}

async function schoolStaff(manager: EntityManager, schoolId: string | null): Promise<Recipient[]> {
  if (schoolId === null) return [];
  // The head of the school if it has one, else every member of its staff.
  const rows: { id: string }[] = await manager.query(
    `SELECT u.id FROM users u
     WHERE u.active AND u.role = 'school_staff' AND u.scope_school_id = $1
       AND (u.heads_organisation OR NOT EXISTS (
         SELECT 1 FROM users h WHERE h.active AND h.role = 'school_staff'
           AND h.scope_school_id = $1 AND h.heads_organisation))
     ORDER BY u.id`,
    [schoolId],
  );
  return rows.map((row) => ({ userId: row.id, responsibleId: null, level: 'school' }));
}

/**
 * Users at each level for this place: village, town and county by the kind of their scope
 * region containing it; the school's head; the bureau's officers and leaders over it.
 */
async function usersAtLevels(
  manager: EntityManager,
  subject: RecipientSubject,
  levels: readonly RecipientLevel[],
): Promise<Recipient[]> {
  if (levels.length === 0) return [];
  const rows: { id: string; level: RecipientLevel }[] = await manager.query(
    `SELECT DISTINCT ON (u.id) u.id, l.level
     FROM users u
     LEFT JOIN regions g ON g.id = u.scope_region_id
     JOIN unnest($1::text[]) WITH ORDINALITY AS l(level, n) ON true
     WHERE u.active AND CASE l.level
       WHEN 'village' THEN u.role = 'village_official' AND g.kind = 'village' AND starts_with($2, u.scope_path)
       WHEN 'town' THEN u.role = 'government_official' AND g.kind = 'town' AND starts_with($2, u.scope_path)
       WHEN 'county' THEN u.role = 'government_official' AND g.kind IN ('county', 'zone')
                          AND starts_with($2, u.scope_path)
       WHEN 'school' THEN u.role = 'school_staff' AND u.heads_organisation AND u.scope_school_id = $3
       WHEN 'bureau' THEN u.role = 'bureau_officer' AND starts_with($2, u.scope_path)
       WHEN 'bureau_leader' THEN u.role = 'bureau_leader' AND starts_with($2, u.scope_path)
       ELSE false END
     ORDER BY u.id, l.n`,
    [levels, subject.regionPath, subject.schoolId],
  );
  return rows.map((row) => ({ userId: row.id, responsibleId: null, level: row.level }));
}
