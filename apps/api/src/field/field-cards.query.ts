import { CaseIntervention as CaseInterventionView, WorkItem } from '@baoxue/contracts';
import {
  daysBetween,
  DueKind,
  OPEN_STATES,
  ReminderStage,
  Scope,
  SPECIAL_STATUS_FLAGS,
} from '@baoxue/domain';
import { EntityManager, In } from 'typeorm';
import { CaseInterventionPhoto } from '../cases/case-intervention-photo.entity';
import { CaseIntervention } from '../cases/case-intervention.entity';
import { toCaseIntervention } from '../cases/case-interventions.service';
import { Case } from '../cases/case.entity';
import { stageReached } from '../reminders/my-work.query';
import { maskedChildName } from '../reminders/reminder-messages';
import { childScopePredicate } from '../scope/scope-predicates';
import { Guardian } from '../students/guardian.entity';
import { StudentFlag } from '../students/student-flag.entity';
import { flagActive } from '../students/student.presenter';

/** Everything a set of cards shows besides the case and the child, keyed by case or student. */
export interface CardParts {
  guardians: Map<string, Guardian[]>;
  flags: Map<string, StudentFlag['flag'][]>;
  lastInterventions: Map<string, CaseInterventionView>;
  dueItems: Map<string, WorkItem[]>;
}

interface DueRow {
  id: string;
  kind: DueKind;
  due_on: string;
  next_stage: ReminderStage | null;
  case_id: string;
  school_id: string | null;
  school_name: string | null;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * The open cases, within the scope, on which `userId` is an active responsible person, with
 * the child, the child's school and 户籍 village; `caseId` narrows to one. One query, reached
 * through case_responsibles.user_id, so its cost follows the caller's own cases.
 */
export function loadCardCases(
  manager: EntityManager,
  userId: string,
  scope: Scope,
  caseId?: string,
): Promise<Case[]> {
  const predicate = childScopePredicate(scope, 'c');
  const qb = manager
    .getRepository(Case)
    .createQueryBuilder('c')
    .innerJoinAndSelect('c.student', 's')
    .leftJoinAndSelect('s.school', 'student_school')
    .leftJoinAndSelect('s.hukouRegion', 'village')
    .where(
      'EXISTS (SELECT 1 FROM case_responsibles r WHERE r.case_id = c.id AND r.user_id = :userId AND r.active)',
      { userId },
    )
    .andWhere('c.state IN (:...open)', { open: OPEN_STATES })
    .andWhere(predicate.sql, predicate.params);
  if (caseId !== undefined) qb.andWhere('c.id = :caseId', { caseId });
  return qb.orderBy('c.id').getMany();
}

/**
 * The guardians, the flags in force, the last intervention (with its photos) and the pending
 * due items of these cases: six queries for any number of cards.
 */
export async function loadCardParts(
  manager: EntityManager,
  cases: Case[],
  today: string,
): Promise<CardParts> {
  const caseIds = cases.map((c) => c.id);
  const studentIds = [...new Set(cases.map((c) => c.studentId))];
  if (caseIds.length === 0)
    return { guardians: new Map(), flags: new Map(), lastInterventions: new Map(), dueItems: new Map() };

  const guardians = await manager.find(Guardian, {
    where: { studentId: In(studentIds) },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const flagRows = await manager.find(StudentFlag, { where: { studentId: In(studentIds) } });
  const flags = new Map<string, StudentFlag['flag'][]>();
  for (const [studentId, rows] of groupBy(
    flagRows.filter((f) => flagActive(f, today)),
    (f) => f.studentId,
  )) {
    const held = new Set(rows.map((f) => f.flag));
    flags.set(
      studentId,
      SPECIAL_STATUS_FLAGS.filter((flag) => held.has(flag)),
    );
  }

  return {
    guardians: groupBy(guardians, (g) => g.studentId),
    flags,
    lastInterventions: await lastInterventions(manager, caseIds),
    dueItems: await pendingDueItems(manager, cases, today),
  };
}

/** Each case's latest intervention (the order the case's own list uses), with its photos. */
async function lastInterventions(
  manager: EntityManager,
  caseIds: string[],
): Promise<Map<string, CaseInterventionView>> {
  const latest: { id: string }[] = await manager.query(
    `SELECT DISTINCT ON (i.case_id) i.id FROM case_interventions i
      WHERE i.case_id = ANY($1::uuid[])
      ORDER BY i.case_id, i.occurred_on DESC, i.recorded_at DESC, i.id DESC`,
    [caseIds],
  );
  const result = new Map<string, CaseInterventionView>();
  if (latest.length === 0) return result;
  const ids = latest.map((row) => row.id);
  const interventions = await manager.find(CaseIntervention, { where: { id: In(ids) } });
  const photos = groupBy(
    await manager.find(CaseInterventionPhoto, {
      where: { interventionId: In(ids) },
      order: { uploadedAt: 'ASC', id: 'ASC' },
    }),
    (p) => p.interventionId,
  );
  for (const i of interventions) result.set(i.caseId, toCaseIntervention(i, photos.get(i.id)));
  return result;
}

/** The cases' pending due items, soonest first, as the work list shows them. */
async function pendingDueItems(
  manager: EntityManager,
  cases: Case[],
  today: string,
): Promise<Map<string, WorkItem[]>> {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const rows: DueRow[] = await manager.query(
    `SELECT d.id, d.kind, d.due_on::text AS due_on, d.next_stage, d.case_id, d.school_id, o.name AS school_name
       FROM due_items d LEFT JOIN organisations o ON o.id = d.school_id
      WHERE d.case_id = ANY($1::uuid[]) AND d.status = 'pending'
      ORDER BY d.due_on, d.id`,
    [[...byId.keys()]],
  );
  const items = new Map<string, WorkItem[]>();
  for (const row of rows) {
    const c = byId.get(row.case_id);
    const daysOverdue = daysBetween(row.due_on, today);
    const item: WorkItem = {
      id: row.id,
      kind: row.kind,
      dueOn: row.due_on,
      daysOverdue,
      overdue: daysOverdue > 0,
      stage: stageReached(row.next_stage),
      // Every card is a case the caller is responsible for.
      role: 'responsible',
      case: {
        id: row.case_id,
        studentName: maskedChildName(c?.student?.fullName ?? ''),
        state: c?.state ?? '',
      },
      school: row.school_id === null ? null : { id: row.school_id, name: row.school_name ?? '' },
      link: `/field/cases/${row.case_id}`,
    };
    items.set(row.case_id, [...(items.get(row.case_id) ?? []), item]);
  }
  return items;
}
