import { randomUUID } from 'node:crypto';
import { caseSettings, chinaToday, maskIdNumber } from '@baoxue/domain';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';
import { IdNumberCipher } from '../students/id-number-cipher';

const DAY_MS = 24 * 60 * 60 * 1000;
const TUANLI = '%/370829104/%';
const MAJI = '%/370829108/%';

interface Summary {
  id: string;
  primaryReason: string;
  state: string;
  persuasionAttempts: number;
  highestStep: string | null;
  nextFollowUpOn: string | null;
  overdue: boolean;
  student: { fullName: string; idNumberMasked: string | null };
}

/** The case list's filters, search and sort through the real API and PostgreSQL. */
describe('case list: filters, search and sort', () => {
  let t: TestApp;
  let townOfficialId: string;
  const used: string[] = [];
  /** Three cases assigned to town.official: a (overdue), b (follow-up ahead), c (no intervention yet). */
  const ids = { a: '', b: '', c: '' };
  const students = { a: '', b: '', c: '' };

  const as = (username: string): Promise<TestClient> => t.as(username);
  const daysAgo = (days: number) => chinaToday(new Date(Date.now() - days * DAY_MS));
  const addDays = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

  const student = async (where: string, params: unknown[]): Promise<string> => {
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT s.id FROM students s WHERE ${where} AND s.id_number_hash IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
         AND NOT (s.id = ANY($${params.length + 1})) ORDER BY s.id LIMIT 1`,
      [...params, used],
    );
    if (!rows[0]) throw new Error(`no student where ${where}`);
    used.push(rows[0].id);
    return rows[0].id;
  };

  const open = async (studentId: string, primaryReason: string, otherReasons: string[] = []) => {
    const response = await (
      await as('bureau.officer')
    ).post('/api/cases', {
      studentId,
      type: 'suspected_dropout',
      source: 'data_comparison',
      primaryReason,
      otherReasons,
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  const list = async (query: string, username = 'bureau.officer') => {
    const response = await (await as(username)).get(`/api/cases?pageSize=100&${query}`);
    expect(response.status).toBe(200);
    return response.body as { items: Summary[]; total: number };
  };
  const listIds = async (query: string, username?: string) =>
    (await list(query, username)).items.map((c) => c.id);
  const ours = async (query: string) =>
    (await listIds(`responsibleUserId=${townOfficialId}&${query}`)).filter((id) =>
      Object.values(ids).includes(id),
    );

  const record = (caseId: string, body: Record<string, unknown>) =>
    as('bureau.officer').then((c) =>
      c.post(`/api/cases/${caseId}/interventions`, { clientId: randomUUID(), kind: 'home_visit', ...body }),
    );

  beforeAll(async () => {
    t = await createTestApp();
    townOfficialId = (await t.dataSource.query("SELECT id FROM users WHERE username = 'town.official'"))[0]
      .id;
    const village = (
      await t.dataSource.query("SELECT scope_path FROM users WHERE username = 'village.official'")
    )[0].scope_path;
    // Outside village.official's village, so nobody is named on them automatically.
    const where = 's.region_path LIKE $1 AND s.region_path <> $2 AND s.school_id IS NOT NULL';
    students.a = await student(where, [TUANLI, village]);
    students.b = await student(where, [TUANLI, village]);
    students.c = await student(where, [TUANLI, village]);
    ids.a = await open(students.a, 'family_hardship');
    ids.b = await open(students.b, 'distance', ['family_hardship']);
    ids.c = await open(students.c, 'learning_difficulty');
    for (const id of Object.values(ids)) {
      const assigned = await (
        await as('town.official')
      ).post(`/api/cases/${id}/responsibles`, {
        name: '王镇长',
        party: 'government',
        line: 'government',
        level: 'town',
        userId: townOfficialId,
      });
      expect(assigned.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('keeps the next follow-up on the case from the latest intervention, a back-dated one changing nothing', async () => {
    expect((await record(ids.a, { occurredOn: daysAgo(5), nextFollowUpOn: daysAgo(2) })).status).toBe(201);
    expect((await record(ids.b, { occurredOn: daysAgo(1) })).status).toBe(201);
    const followUp = async (id: string) =>
      (await t.dataSource.query('SELECT next_follow_up_on::text AS d FROM cases WHERE id = $1', [id]))[0].d;
    expect(await followUp(ids.a)).toBe(daysAgo(2));
    expect(await followUp(ids.b)).toBe(addDays(daysAgo(1), caseSettings().followUpDays));
    expect(await followUp(ids.c)).toBeNull();
    // Recorded late about an earlier day: the latest intervention still decides.
    expect((await record(ids.b, { occurredOn: daysAgo(10), nextFollowUpOn: daysAgo(8) })).status).toBe(201);
    expect(await followUp(ids.b)).toBe(addDays(daysAgo(1), caseSettings().followUpDays));

    const { items } = await list(`studentId=${students.a}`);
    expect(items).toEqual([
      expect.objectContaining({
        id: ids.a,
        persuasionAttempts: 1,
        highestStep: 'visit_or_call',
        nextFollowUpOn: daysAgo(2),
        overdue: true,
      }),
    ]);
    expect((await list(`studentId=${students.c}`)).items[0]).toMatchObject({
      nextFollowUpOn: null,
      overdue: false,
    });
  });

  it('filters overdue cases and sorts by next follow-up, nulls last either way', async () => {
    expect(await ours('overdue=true')).toEqual([ids.a]);
    expect((await ours('overdue=false')).sort()).toEqual([ids.b, ids.c].sort());
    const overdue = await list('overdue=true');
    expect(overdue.items.length).toBeGreaterThan(0);
    for (const item of overdue.items) {
      expect(item.overdue).toBe(true);
      expect((item.nextFollowUpOn ?? '9999-12-31') < chinaToday(new Date())).toBe(true);
    }
    expect(await ours('sort=nextFollowUpOn&order=asc')).toEqual([ids.a, ids.b, ids.c]);
    expect(await ours('sort=nextFollowUpOn&order=desc')).toEqual([ids.b, ids.a, ids.c]);
    // Default: newest opened first.
    expect(await ours('')).toEqual([ids.c, ids.b, ids.a]);
    expect(await ours('order=asc')).toEqual([ids.a, ids.b, ids.c]);
    const byState = (await list('sort=state&order=asc')).items.map((c) => c.state);
    const order = ['suspected', 'verifying', 'excluded', 'persuading', 'monitoring', 'closed'];
    expect(byState.map((s) => order.indexOf(s))).toEqual(
      [...byState.map((s) => order.indexOf(s))].sort((x, y) => x - y),
    );
  });

  it('filters by reason (primary or other), responsible person, region and special-status flag', async () => {
    expect((await ours('reason=family_hardship')).sort()).toEqual([ids.a, ids.b].sort());
    expect(await ours('reason=learning_difficulty')).toEqual([ids.c]);
    for (const item of (await list('reason=distance')).items) {
      const [row] = await t.dataSource.query(
        'SELECT primary_reason, other_reasons FROM cases WHERE id = $1',
        [item.id],
      );
      expect([row.primary_reason, ...row.other_reasons]).toContain('distance');
    }
    const assigned = await listIds(`responsibleUserId=${townOfficialId}`);
    expect(assigned).toEqual(expect.arrayContaining(Object.values(ids)));
    const unassigned = await listIds(`responsibleUserId=${randomUUID()}`);
    expect(unassigned).toEqual([]);

    // The region of a's 户籍 village: a is in; every case listed lies under it.
    const [village] = await t.dataSource.query(
      'SELECT r.id, r.path FROM regions r JOIN students s ON s.region_path = r.path WHERE s.id = $1',
      [students.a],
    );
    const inVillage = await list(`regionId=${village.id}`);
    expect(inVillage.items.map((c) => c.id)).toContain(ids.a);
    const paths: { region_path: string; school_region_path: string | null }[] = await t.dataSource.query(
      'SELECT region_path, school_region_path FROM cases WHERE id = ANY($1)',
      [inVillage.items.map((c) => c.id)],
    );
    for (const p of paths)
      expect(
        p.region_path.startsWith(village.path) || (p.school_region_path ?? '').startsWith(village.path),
      ).toBe(true);

    await t.dataSource.query(
      `INSERT INTO student_flags (student_id, flag, from_date, to_date) VALUES
         ($1, 'juvenile_case', $3, NULL), ($2, 'juvenile_case', $3, $4)`,
      [students.b, students.c, daysAgo(30), daysAgo(1)],
    );
    const flagged = await ours('flag=juvenile_case');
    expect(flagged).toEqual([ids.b]);
  });

  it('filters by the days cases were opened and closed (China days, inclusive)', async () => {
    // a opened at 00:30 Beijing time on D (still D-1 in UTC); c closed late on D.
    const day = daysAgo(40);
    await t.dataSource.query(`UPDATE cases SET opened_at = $2 WHERE id = $1`, [
      ids.a,
      `${day}T00:30:00+08:00`,
    ]);
    await t.dataSource.query(`UPDATE cases SET state = 'closed', closed_at = $2 WHERE id = $1`, [
      ids.c,
      `${day}T23:30:00+08:00`,
    ]);
    try {
      expect(await ours(`openedFrom=${day}&openedTo=${day}`)).toEqual([ids.a]);
      expect(await ours(`openedTo=${addDays(day, -1)}`)).toEqual([]);
      expect((await ours(`openedFrom=${addDays(day, 1)}`)).sort()).toEqual([ids.b, ids.c].sort());
      expect(await ours(`closedFrom=${day}&closedTo=${day}`)).toEqual([ids.c]);
      expect(await ours(`closedFrom=${addDays(day, 1)}`)).toEqual([]);
      // A closed case is never overdue.
      expect((await ours('overdue=true')).includes(ids.c)).toBe(false);
    } finally {
      await t.dataSource.query(`UPDATE cases SET state = 'suspected', closed_at = NULL WHERE id = $1`, [
        ids.c,
      ]);
    }
  });

  it('filters as the dashboard counts: by 户籍 region, transitions taken in a window, overdue due items', async () => {
    const [village] = await t.dataSource.query(
      'SELECT r.id, r.path FROM regions r JOIN students s ON s.region_path = r.path WHERE s.id = $1',
      [students.a],
    );
    const inVillage = await list(`householdRegionId=${village.id}`);
    expect(inVillage.items.map((c) => c.id)).toContain(ids.a);
    const paths: { region_path: string }[] = await t.dataSource.query(
      'SELECT region_path FROM cases WHERE id = ANY($1)',
      [inVillage.items.map((c) => c.id)],
    );
    for (const p of paths) expect(p.region_path.startsWith(village.path)).toBe(true);

    // b took `exclude` late on D (China time): within D, not the day after.
    const day = daysAgo(20);
    await t.dataSource.query(
      `INSERT INTO case_events (case_id, kind, transition, from_state, to_state, at)
       VALUES ($1, 'transition', 'exclude', 'verifying', 'excluded', $2)`,
      [ids.b, `${day}T23:30:00+08:00`],
    );
    expect(await ours(`took=exclude&tookFrom=${day}&tookTo=${day}`)).toEqual([ids.b]);
    expect(await ours(`took=record_return,exclude&tookFrom=${addDays(day, -3)}`)).toEqual([ids.b]);
    expect(await ours(`took=exclude&tookFrom=${addDays(day, 1)}`)).toEqual([]);
    expect(await ours('took=record_placement')).toEqual([]);

    // c's pending due item made past due: only c has overdue items.
    await t.dataSource.query(`UPDATE due_items SET due_on = $2 WHERE case_id = $1 AND status = 'pending'`, [
      ids.c,
      daysAgo(2),
    ]);
    expect(await ours('overdueItems=true')).toEqual([ids.c]);
    expect((await ours('overdueItems=false')).sort()).toEqual([ids.a, ids.b].sort());

    const bad = await (await as('bureau.officer')).get('/api/cases?took=fly&householdRegionId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['householdRegionId']);
    const badTook = await (await as('bureau.officer')).get('/api/cases?took=record_return,fly');
    expect(badTook.status).toBe(400);
    expect(badTook.body.details[0]).toMatchObject({ field: 'took', rule: 'isTransitionName' });
  });

  it("searches by the child's name (contains) or a full ID number through the keyed hash", async () => {
    const [row] = await t.dataSource.query('SELECT full_name, id_number_cipher FROM students WHERE id = $1', [
      students.a,
    ]);
    const name: string = row.full_name;
    const fragment = name.length > 2 ? name.slice(1) : name.slice(-1);
    expect(await listIds(`q=${encodeURIComponent(fragment)}`)).toContain(ids.a);
    for (const item of (await list(`q=${encodeURIComponent(fragment)}`)).items)
      expect(item.student.fullName).toContain(fragment);

    const idNumber = t.app.get(IdNumberCipher).decrypt(row.id_number_cipher);
    const byId = await list(`q=${idNumber.toLowerCase()}`);
    expect(byId.items.map((c) => c.id)).toEqual([ids.a]);
    expect(byId.items[0].student.idNumberMasked).toBe(maskIdNumber(idNumber));
    // Part of an ID number finds nothing: ID numbers are matched whole, never with LIKE.
    expect((await list(`q=${idNumber.slice(0, 17)}`)).items).toEqual([]);
    expect((await list(`q=${idNumber.slice(6, 14)}`)).items).toEqual([]);
  });

  it('keeps to the scope: a region outside it is refused, other filters never widen it', async () => {
    const [maji] = await t.dataSource.query("SELECT id FROM regions WHERE code = '370829108'");
    const refused = await (await as('village.official')).get(`/api/cases?regionId=${maji.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'regionId', rule: 'withinScope' }),
    ]);
    const unknown = await (await as('bureau.officer')).get(`/api/cases?regionId=${randomUUID()}`);
    expect(unknown.status).toBe(400);
    const majiCase = await open(
      await student('s.region_path LIKE $1 AND s.school_region_path NOT LIKE $2', [MAJI, TUANLI]),
      'family_hardship',
    );
    const village = await listIds('reason=family_hardship', 'village.official');
    expect(village).not.toContain(majiCase);
    expect(await listIds('reason=family_hardship')).toContain(majiCase);
  });

  it('answers 400 naming each bad filter', async () => {
    const response = await (
      await as('bureau.officer')
    ).get(
      '/api/cases?reason=bored&flag=vip&regionId=x&responsibleUserId=y&overdue=maybe&openedFrom=yesterday' +
        '&closedTo=2026-13-01&sort=name&order=up&colour=red',
    );
    expect(response.status).toBe(400);
    expect([...new Set(response.body.details.map((d: { field: string }) => d.field))].sort()).toEqual(
      [
        'closedTo',
        'colour',
        'flag',
        'openedFrom',
        'order',
        'overdue',
        'reason',
        'regionId',
        'responsibleUserId',
        'sort',
      ].sort(),
    );
    const impossible = await (await as('bureau.officer')).get('/api/cases?openedTo=2026-02-30');
    expect(impossible.status).toBe(400);
    expect(impossible.body.details[0]).toMatchObject({ field: 'openedTo' });
  });
});
