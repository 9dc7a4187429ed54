import { WorkItem, WorkList } from '@baoxue/contracts';
import {
  addDays,
  CaseState,
  daysBetween,
  DueKind,
  REMINDER_STAGES,
  ReminderStage,
  Role,
  Scope,
} from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { childScopePredicate, scopeRowPredicate } from '../scope/scope-predicates';
import { maskedChildName } from './reminder-messages';

/** Who asks: enough of the signed-in user to find their items and keep them in scope. */
export interface WorkUser {
  id: string;
  role: Role;
  scopePath: string;
  organisationId: string;
  scopeSchoolId: string | null;
}

/** At most this many items per list; the totals say how many there are. */
export const WORK_LIST_LIMIT = 500;

interface WorkRow {
  id: string;
  kind: DueKind;
  due_on: string;
  next_stage: ReminderStage | null;
  responsible: boolean;
  case_id: string | null;
  case_state: CaseState | null;
  student_name: string | null;
  school_id: string | null;
  school_name: string | null;
  overdue: boolean;
  total: string;
}

/** The stage an item has reached: the one before its next, the last once all have fired. */
export function stageReached(nextStage: ReminderStage | null): ReminderStage | null {
  if (nextStage === null) return REMINDER_STAGES[REMINDER_STAGES.length - 1];
  const index = REMINDER_STAGES.indexOf(nextStage);
  return index <= 0 ? null : REMINDER_STAGES[index - 1];
}

function scopeOf(user: WorkUser): Scope {
  return user.scopeSchoolId
    ? { kind: 'school', schoolId: user.scopeSchoolId, regionPath: user.scopePath }
    : { kind: 'region', regionId: '', regionPath: user.scopePath };
}

/**
 * The caller's pending items due by `today + horizonDays`: those of cases where they are an
 * active responsible person, those escalated to them (an escalation notification names the
 * item), and, for school staff, their school's monthly reports. Always within their scope.
 *
 * Each source is reached through its own index (case_responsibles.user_id → due_items.case_id;
 * notifications by recipient → due_items by id; due_items.school_id), so the cost follows the
 * caller's own items, not the table's size.
 */
export async function myWork(
  manager: EntityManager,
  user: WorkUser,
  today: string,
  horizonDays = 14,
): Promise<WorkList> {
  const [query, params] = myWorkQuery(manager, user, today, horizonDays);
  const rows: WorkRow[] = await manager.query(query, params);
  const list: WorkList = { overdue: [], upcoming: [], overdueTotal: 0, upcomingTotal: 0 };
  for (const row of rows) {
    const item = toWorkItem(row, today);
    if (row.overdue) {
      list.overdue.push(item);
      list.overdueTotal = Number(row.total);
    } else {
      list.upcoming.push(item);
      list.upcomingTotal = Number(row.total);
    }
  }
  return list;
}

/** The SQL and parameters of `myWork` (exported so a test can EXPLAIN it). */
export function myWorkQuery(
  manager: EntityManager,
  user: WorkUser,
  today: string,
  horizonDays: number,
): [string, unknown[]] {
  const scope = scopeOf(user);
  const child = childScopePredicate(scope, 'c');
  const school = scopeRowPredicate(scope, { path: 'd.region_path', schoolId: 'd.school_id' });
  const sql = `
    WITH mine AS (
      SELECT d.id, true AS responsible
        FROM case_responsibles r
        JOIN due_items d ON d.case_id = r.case_id AND d.status = 'pending'
       WHERE r.user_id = :userId AND r.active
      UNION ALL
      SELECT n.due_item_id, false
        FROM notifications n
       WHERE n.recipient_user_id = :userId AND n.kind = 'escalation' AND n.due_item_id IS NOT NULL
      UNION ALL
      SELECT d.id, true
        FROM due_items d
       WHERE :role::text = 'school_staff' AND d.school_id = :schoolId
         AND d.kind = 'school_report' AND d.status = 'pending'
    ), roles AS (
      SELECT id, bool_or(responsible) AS responsible FROM mine GROUP BY id
    ), items AS (
      SELECT d.id, d.kind, d.due_on::text AS due_on, d.next_stage, roles.responsible,
             d.case_id, c.state AS case_state, s.full_name AS student_name,
             d.school_id, o.name AS school_name, d.due_on < :today AS overdue
        FROM roles
        JOIN due_items d ON d.id = roles.id
        LEFT JOIN cases c ON c.id = d.case_id
        LEFT JOIN students s ON s.id = c.student_id
        LEFT JOIN organisations o ON o.id = d.school_id
       WHERE d.status = 'pending' AND d.due_on <= :until
         AND ((d.case_id IS NOT NULL AND ${child.sql}) OR (d.case_id IS NULL AND ${school.sql}))
    ), ranked AS (
      SELECT items.*, count(*) OVER (PARTITION BY overdue) AS total,
             row_number() OVER (PARTITION BY overdue ORDER BY due_on, id) AS n
        FROM items
    )
    SELECT * FROM ranked WHERE n <= :limit ORDER BY due_on, id`;
  return manager.connection.driver.escapeQueryWithParameters(
    sql,
    {
      userId: user.id,
      role: user.role,
      schoolId: user.scopeSchoolId,
      today,
      until: addDays(today, horizonDays),
      limit: WORK_LIST_LIMIT,
      ...child.params,
      ...school.params,
    },
    {},
  );
}

function toWorkItem(row: WorkRow, today: string): WorkItem {
  const daysOverdue = daysBetween(row.due_on, today);
  return {
    id: row.id,
    kind: row.kind,
    dueOn: row.due_on,
    daysOverdue,
    overdue: daysOverdue > 0,
    stage: stageReached(row.next_stage),
    role: row.responsible ? 'responsible' : 'escalated',
    case:
      row.case_id === null
        ? null
        : {
            id: row.case_id,
            studentName: maskedChildName(row.student_name ?? ''),
            state: row.case_state ?? '',
          },
    school: row.school_id === null ? null : { id: row.school_id, name: row.school_name ?? '' },
    link: row.case_id === null ? '/work' : `/cases/${row.case_id}`,
  };
}
