import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { CASE_REASONS, CASE_SOURCES, CaseState, chinaToday } from '@baoxue/domain';
import { TestApp } from '../../../test/test-app';
import { ResolvedNode } from '../resolved-node';
import { lifecycleMoves } from '../../../test/lifecycle-moves';

/** Random case histories written as rows (cases, case_events, accepted transfers, due items), for tests. */

const DAY_MS = 24 * 3600 * 1000;
const MINUTE_MS = 60 * 1000;

export interface Place {
  id: string;
  path: string;
}

export interface HistoryFixture {
  t: TestApp;
  villages: Place[];
  schools: Place[];
  /** Children with no case yet, used up one per case. */
  students: string[];
  /** The zone, its towns, the villages and the schools, as dashboard nodes. */
  nodes: ResolvedNode[];
}

/** The demo zone's places with children, and children without a case. */
export async function historyFixture(t: TestApp): Promise<HistoryFixture> {
  const [zone]: { id: string; name: string; path: string }[] = await t.dataSource.query(
    "SELECT id, name, path FROM regions WHERE kind = 'zone' ORDER BY path LIMIT 1",
  );
  const towns: { id: string; name: string; path: string; kind: ResolvedNode['kind'] }[] =
    await t.dataSource.query('SELECT id, name, path, kind FROM regions WHERE parent_id = $1 ORDER BY path', [
      zone.id,
    ]);
  // Villages with children, from every town, so moves cross towns.
  const villages: Place[] = await t.dataSource.query(
    `SELECT r.id, r.path FROM regions r
      WHERE r.path LIKE $1 AND EXISTS (SELECT 1 FROM students s WHERE s.region_path = r.path)
      ORDER BY right(r.path, 5) LIMIT 6`,
    [`${zone.path}%`],
  );
  const schools: Place[] = await t.dataSource.query(
    `SELECT id, region_path AS path FROM organisations WHERE type = 'school' AND region_path LIKE $1
      ORDER BY name LIMIT 4`,
    [`${zone.path}%`],
  );
  const students: { id: string }[] = await t.dataSource.query(
    `SELECT s.id FROM students s WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
      ORDER BY s.id LIMIT 400`,
  );
  const region = (r: {
    id: string;
    name: string;
    path: string;
    kind: ResolvedNode['kind'];
  }): ResolvedNode => ({
    ref: `region:${r.id}`,
    kind: r.kind,
    id: r.id,
    name: r.name,
    path: r.path,
    parentRef: null,
    schoolLevel: null,
  });
  const nodes: ResolvedNode[] = [
    region({ ...zone, kind: 'zone' }),
    ...towns.map(region),
    ...villages.map((v) => region({ ...v, name: v.path, kind: 'village' })),
    ...schools.map((s) => ({
      ref: `school:${s.id}`,
      kind: 'school' as const,
      id: s.id,
      name: s.id,
      path: s.path,
      parentRef: null,
      schoolLevel: null,
    })),
  ];
  return { t, villages, schools, students: students.map((s) => s.id), nodes };
}

/** The lifecycle's moves (libs/domain TRANSITIONS), enough to walk random histories. */
export const MOVES = lifecycleMoves([
  'start_verification',
  'exclude',
  'confirm_dropout',
  'record_return',
  'record_placement',
  'relapse',
  'approve_closing',
  'request_closing',
  'close_excluded',
  'reopen',
]);

export const stepArb = fc.record({
  gapMinutes: fc.integer({ min: 1, max: 60 * 24 * 45 }),
  transfer: fc.boolean(),
  choice: fc.nat(),
  toVillage: fc.nat(),
  dropSchool: fc.boolean(),
});
export const dueArb = fc.record({
  createdDaysAgo: fc.integer({ min: 0, max: 400 }),
  dueAfterDays: fc.integer({ min: -5, max: 40 }),
  resolvedAfterDays: fc.option(fc.integer({ min: 0, max: 120 })),
});
export const caseArb = fc.record({
  village: fc.nat(),
  school: fc.option(fc.nat(), { nil: null }),
  openedMinutesAgo: fc.integer({ min: 60, max: 60 * 24 * 420 }),
  steps: fc.array(stepArb, { maxLength: 8 }),
  dues: fc.array(dueArb, { maxLength: 3 }),
});

/** Inserts one random case history as the app would have written it (rows only). */
export async function insertHistory(
  f: HistoryFixture,
  spec: {
    village: number;
    school: number | null;
    openedMinutesAgo: number;
    steps: {
      gapMinutes: number;
      transfer: boolean;
      choice: number;
      toVillage: number;
      dropSchool: boolean;
    }[];
    dues: { createdDaysAgo: number; dueAfterDays: number; resolvedAfterDays: number | null }[];
  },
): Promise<void> {
  const now = f.t.clock.now().getTime();
  const studentId = f.students.shift();
  if (!studentId) throw new Error('out of students');
  const caseId = randomUUID();
  let village = f.villages[spec.village % f.villages.length];
  let school = spec.school === null ? null : f.schools[spec.school % f.schools.length];
  let state: CaseState = 'suspected';
  let at = now - spec.openedMinutesAgo * MINUTE_MS;
  const events: unknown[][] = [[caseId, 'opened', null, null, 'suspected', new Date(at), null]];
  const transfers: unknown[][] = [];
  for (const step of spec.steps) {
    at += step.gapMinutes * MINUTE_MS;
    if (at >= now) break;
    if (step.transfer) {
      const to = f.villages[step.toVillage % f.villages.length];
      if (to.id === village.id) continue;
      const transferId = randomUUID();
      const dropped = school !== null && step.dropSchool;
      transfers.push([
        transferId,
        caseId,
        village.id,
        to.id,
        to.path,
        village.path,
        new Date(at - MINUTE_MS),
      ]);
      events.push([
        caseId,
        'transfer',
        null,
        null,
        null,
        new Date(at),
        { action: 'accept_transfer', transferId, schoolDropped: dropped, fromSchoolId: school?.id ?? null },
      ]);
      village = to;
      if (dropped) school = null;
      continue;
    }
    const move: { transition: string; to: CaseState } = MOVES[state][step.choice % MOVES[state].length];
    events.push([caseId, 'transition', move.transition, state, move.to, new Date(at), { fields: [] }]);
    state = move.to;
  }
  const opened = new Date(now - spec.openedMinutesAgo * MINUTE_MS);
  await f.t.dataSource.query(
    `INSERT INTO cases (id, type, source, primary_reason, state, region_path, school_id, school_region_path,
                        student_id, opened_at)
     VALUES ($1, 'suspected_dropout', $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      caseId,
      CASE_SOURCES[spec.openedMinutesAgo % CASE_SOURCES.length],
      CASE_REASONS[spec.openedMinutesAgo % CASE_REASONS.length],
      state,
      village.path,
      school?.id ?? null,
      school?.path ?? null,
      studentId,
      opened,
    ],
  );
  for (const tr of transfers)
    await f.t.dataSource.query(
      `INSERT INTO case_transfers (id, case_id, status, reason, from_region_id, to_region_id, to_region_path,
                                   from_case_path, offered_at, decided_at)
       VALUES ($1, $2, 'accepted', '随父母迁居', $3, $4, $5, $6, $7, $7)`,
      tr,
    );
  for (const e of events)
    await f.t.dataSource.query(
      `INSERT INTO case_events (case_id, kind, transition, from_state, to_state, at, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      e,
    );
  for (const due of spec.dues) {
    const created = now - due.createdDaysAgo * DAY_MS;
    const resolved =
      due.resolvedAfterDays === null
        ? null
        : Math.min(now - MINUTE_MS, created + due.resolvedAfterDays * DAY_MS);
    await f.t.dataSource.query(
      `INSERT INTO due_items (key, kind, ref, due_on, region_path, status, next_stage, case_id, created_at, resolved_at)
       VALUES ($1, 'follow_up', 'r', $2, $3, $4, NULL, $5, $6, $7)`,
      [
        randomUUID(),
        chinaToday(new Date(created + due.dueAfterDays * DAY_MS)),
        village.path,
        resolved === null ? 'pending' : 'done',
        caseId,
        new Date(created),
        resolved === null ? null : new Date(resolved),
      ],
    );
  }
}
