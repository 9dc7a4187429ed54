import { NodeStatus, PeriodSnapshot, ReportingStatus } from '@baoxue/contracts';
import { addDays, chinaToday, periodOf, previousPeriod } from '@baoxue/domain';
import { openBareCase } from '../../test/bare-case';
import { createTestApp, TestApp } from '../../test/test-app';

/** The reporting cadence (四个一): frozen snapshots and who has reported, through the real API. */
describe('reporting: period snapshots and monthly report status', () => {
  let t: TestApp;
  let schoolId: string;
  let zoneRef: string;
  let provinceRef: string;
  let townRef: string;
  let thisMonth: string;
  let lastMonth: string;
  let today: string;

  const monthlyReport = (school: string) => `/api/schools/${school}/monthly-reports`;

  /** The live dashboard figures of the school (GET /api/dashboard/status). */
  const liveFigures = async (): Promise<NodeStatus> => {
    const response = await (
      await t.as('school.teacher')
    ).get<NodeStatus>(`/api/dashboard/status?node=school:${schoolId}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    t = await createTestApp();
    [{ id: schoolId }] = await t.dataSource.query(
      `SELECT o.id FROM organisations o
        JOIN users u ON u.scope_school_id = o.id WHERE u.username = 'school.teacher'`,
    );
    const [zone] = await t.dataSource.query(
      `SELECT r.id FROM regions r JOIN users u ON u.scope_region_id = r.id WHERE u.username = 'bureau.officer'`,
    );
    zoneRef = `region:${zone.id}`;
    provinceRef = `region:${(await t.dataSource.query("SELECT id FROM regions WHERE kind = 'province'"))[0].id}`;
    const [town] = await t.dataSource.query(
      `SELECT r.id FROM regions r JOIN users u ON u.scope_region_id = r.id WHERE u.username = 'town.official'`,
    );
    townRef = `region:${town.id}`;
    today = chinaToday(t.clock.now());
    thisMonth = today.slice(0, 7);
    lastMonth = addDays(`${thisMonth}-01`, -1).slice(0, 7);
  });
  afterAll(() => t.close());

  it('freezes a school month when it reports: a later case change moves the live figures, never the snapshot', async () => {
    const teacher = await t.as('school.teacher');
    const officer = await t.as('bureau.officer');
    const opened = await openBareCase(t, 's.school_id = $1', [schoolId]);
    const before = await liveFigures();
    expect(before.figures.toClear).toBeGreaterThanOrEqual(1);

    const submitted = await teacher.post(monthlyReport(schoolId), { period: thisMonth });
    expect(submitted.status).toBe(201);
    const status = await teacher.get<ReportingStatus>(`/api/reporting/status?node=school:${schoolId}`);
    expect(status.status).toBe(200);
    const snapshotId = status.body.items[0].snapshotId;
    expect(snapshotId).toEqual(expect.any(String));
    const frozen = await teacher.get<PeriodSnapshot>(`/api/reporting/snapshots/${snapshotId}`);
    expect(frozen.status).toBe(200);
    expect(frozen.body).toMatchObject({
      node: { ref: `school:${schoolId}`, kind: 'school' },
      periodKind: 'month',
      period: thisMonth,
      asOf: today,
      submittedByName: expect.any(String),
      figures: before.figures,
    });
    expect(frozen.body.status.figures).toEqual(before.figures);

    // The case moves on: suspected → verifying → excluded (no longer to be cleared).
    expect(
      (await officer.post(`/api/cases/${opened.id}/transitions/start_verification`, { version: 1 })).status,
    ).toBe(200);
    const excluded = await officer.post(`/api/cases/${opened.id}/transitions/exclude`, {
      version: 2,
      exclusionReason: 'studying_elsewhere',
      evidenceNote: '已在外省学校就读，学籍系统核实',
    });
    expect(excluded.status).toBe(200);

    const after = await liveFigures();
    expect(after.figures.toClear).toBe(before.figures.toClear - 1);
    expect(after.figures.excludedThisTerm).toBe(before.figures.excludedThisTerm + 1);
    const again = await teacher.get<PeriodSnapshot>(`/api/reporting/snapshots/${snapshotId}`);
    expect(again.body).toEqual(frozen.body);

    // Submitting the month again answers the first report and leaves the snapshot alone.
    expect((await teacher.post(monthlyReport(schoolId), { period: thisMonth })).status).toBe(200);
    const rows = await t.dataSource.query(
      "SELECT id FROM period_snapshots WHERE node_id = $1 AND period_kind = 'month' AND period = $2",
      [schoolId, thisMonth],
    );
    expect(rows).toEqual([{ id: snapshotId }]);
  });

  it('refuses to change or delete a snapshot at the database itself', async () => {
    const [{ id }] = await t.dataSource.query('SELECT id FROM period_snapshots LIMIT 1');
    await expect(
      t.dataSource.query("UPDATE period_snapshots SET note = 'x' WHERE id = $1", [id]),
    ).rejects.toThrow(/frozen/);
    await expect(t.dataSource.query('DELETE FROM period_snapshots WHERE id = $1', [id])).rejects.toThrow(
      /frozen/,
    );
  });

  it("freezes a past month as of the month's last day", async () => {
    const teacher = await t.as('school.teacher');
    expect((await teacher.post(monthlyReport(schoolId), { period: lastMonth })).status).toBe(201);
    const list = await teacher.get(`/api/reporting/snapshots?node=school:${schoolId}&periodKind=month`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(list.body.items.map((s: { period: string }) => s.period)).toEqual([thisMonth, lastMonth]);
    expect(list.body.items[1]).toMatchObject({ asOf: periodOf('month', `${lastMonth}-01`).to, note: null });
    expect(list.body.items[1].figures).toEqual(expect.objectContaining({ open: expect.any(Number) }));
  });

  it("re-checks the zone's quarter once: 201 with the whole status, then 409 naming the snapshot", async () => {
    const officer = await t.as('bureau.officer');
    const quarter = periodOf('quarter', today);
    const body = { node: zoneRef, periodKind: 'quarter', period: quarter.id, note: '季度复核：已逐校核对' };
    const first = await officer.post<PeriodSnapshot>('/api/reporting/snapshots', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      node: { ref: zoneRef, kind: 'zone' },
      periodKind: 'quarter',
      period: quarter.id,
      from: quarter.from,
      to: quarter.to,
      asOf: today,
      note: '季度复核：已逐校核对',
      status: { node: { ref: zoneRef } },
    });
    expect(first.body.status.children.length).toBeGreaterThan(0);
    // Aggregates only: the frozen status names no child.
    expect(JSON.stringify(first.body)).not.toMatch(/studentName|idNumber|fullName/);

    const second = await (await t.as('bureau.leader')).post('/api/reporting/snapshots', body);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('snapshot.exists');
    expect(second.body.message).toContain(first.body.id);
    expect(second.body.context).toEqual({ snapshotId: first.body.id });

    const audits = await t.dataSource.query(
      "SELECT entity_id FROM audit_events WHERE action = 'period_snapshot.submit'",
    );
    expect(audits).toEqual([{ entity_id: first.body.id }]);

    // A quarter already over is frozen as of its last day, from the case history.
    const past = previousPeriod(quarter);
    const earlier = await officer.post<PeriodSnapshot>('/api/reporting/snapshots', {
      node: zoneRef,
      periodKind: 'quarter',
      period: past.id,
    });
    expect(earlier.status).toBe(201);
    expect(earlier.body).toMatchObject({
      period: past.id,
      asOf: past.to,
      note: null,
      status: { asOf: past.to },
    });

    const own = await officer.get('/api/reporting/snapshots?below=false');
    expect(own.body.items.map((s: { id: string }) => s.id)).toEqual([first.body.id, earlier.body.id]);
    const below = await officer.get('/api/reporting/snapshots?below=true&periodKind=month');
    expect(below.body.total).toBe(2);
    expect(
      below.body.items.every((s: { node: { ref: string } }) => s.node.ref === `school:${schoolId}`),
    ).toBe(true);
  });

  it('rolls up a city by semester and the province by school year, each at its own cadence', async () => {
    // Officers over the zone's city and over the province, like the demo's bureau officer.
    const [{ id: cityId, path: cityPath }] = await t.dataSource.query(
      `SELECT c.id, c.path FROM regions c JOIN regions z ON z.parent_id = c.id WHERE z.id = $1`,
      [zoneRef.slice(7)],
    );
    const [{ path: provincePath }] = await t.dataSource.query('SELECT path FROM regions WHERE id = $1', [
      provinceRef.slice(7),
    ]);
    for (const [username, regionId, path] of [
      ['city.officer', cityId, cityPath],
      ['province.officer', provinceRef.slice(7), provincePath],
    ]) {
      await t.dataSource.query(
        `INSERT INTO users (username, display_name, password_hash, role, scope_path, organisation_id, scope_region_id)
         SELECT $1::text, $1::text, password_hash, role, $2, organisation_id, $3 FROM users WHERE username = 'bureau.officer'`,
        [username, path, regionId],
      );
    }
    const city = await t.as('city.officer');
    const province = await t.as('province.officer');
    const semester = periodOf('semester', today);
    const schoolYear = periodOf('school_year', today);

    const term = await city.post('/api/reporting/snapshots', {
      node: `region:${cityId}`,
      periodKind: 'semester',
      period: semester.id,
    });
    expect(term.status).toBe(201);
    expect(term.body).toMatchObject({ node: { kind: 'city' }, from: semester.from, to: semester.to });
    const cityYear = await city.post('/api/reporting/snapshots', {
      node: `region:${cityId}`,
      periodKind: 'school_year',
      period: schoolYear.id,
    });
    expect(cityYear.status).toBe(400);
    expect(cityYear.body.details[0]).toMatchObject({ field: 'periodKind', rule: 'cadence' });

    const year = await province.post('/api/reporting/snapshots', {
      node: provinceRef,
      periodKind: 'school_year',
      period: schoolYear.id,
    });
    expect(year.status).toBe(201);
    expect(year.body).toMatchObject({ node: { kind: 'province' }, period: schoolYear.id });
    // The province sees the city's snapshot below it; the city does not see the province's.
    const below = await province.get('/api/reporting/snapshots?below=true&periodKind=semester');
    expect(below.body.items.map((row: { id: string }) => row.id)).toEqual([term.body.id]);
    expect((await city.get(`/api/reporting/snapshots/${year.body.id}`)).status).toBe(404);

    // Every school of the province, not yet reported first.
    const status = await province.get<ReportingStatus>('/api/reporting/status?pageSize=3');
    const [{ count }] = await t.dataSource.query(
      "SELECT count(*)::int AS count FROM organisations WHERE type = 'school' AND region_path LIKE $1",
      [`${provincePath}%`],
    );
    expect(status.body.counts).toMatchObject({ schools: count, submitted: 1, missing: count - 1 });
    expect(status.body.items.map((row) => row.submitted)).toEqual([false, false, false]);
  });

  it('takes two simultaneous submissions of one period as one snapshot: the other gets 409', async () => {
    const officer = await t.as('bureau.officer');
    const leader = await t.as('bureau.leader');
    const past = previousPeriod(previousPeriod(periodOf('quarter', today)));
    const body = { node: zoneRef, periodKind: 'quarter', period: past.id };
    const [a, b] = await Promise.all([
      officer.post('/api/reporting/snapshots', body),
      leader.post('/api/reporting/snapshots', body),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const rows = await t.dataSource.query(
      "SELECT id FROM period_snapshots WHERE period_kind = 'quarter' AND period = $1",
      [past.id],
    );
    expect(rows).toHaveLength(1);
  });

  it("refuses a period kind not the node's cadence, a period not begun, and nodes that do not submit here", async () => {
    const officer = await t.as('bureau.officer');
    const post = (body: Record<string, unknown>) => officer.post('/api/reporting/snapshots', body);
    const field = async (body: Record<string, unknown>) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      return response.body.details[0];
    };
    expect(await field({ node: zoneRef, periodKind: 'month', period: thisMonth })).toMatchObject({
      field: 'periodKind',
      rule: 'cadence',
    });
    expect(await field({ node: zoneRef, periodKind: 'school_year', period: '2026-2027' })).toMatchObject({
      field: 'periodKind',
    });
    const next = periodOf('quarter', addDays(periodOf('quarter', today).to, 1));
    expect(await field({ node: zoneRef, periodKind: 'quarter', period: next.id })).toMatchObject({
      field: 'period',
      rule: 'started',
    });
    expect(await field({ node: zoneRef, periodKind: 'quarter', period: '2026-Q5' })).toMatchObject({
      field: 'period',
      rule: 'isPeriod',
    });
    expect(await field({ node: zoneRef, periodKind: 'decade', period: '2026' })).toMatchObject({
      field: 'periodKind',
    });
    expect(await field({ node: 'zone-1', periodKind: 'quarter', period: '2026-Q4' })).toMatchObject({
      field: 'node',
    });
    expect(await field({ node: townRef, periodKind: 'quarter', period: '2026-Q4' })).toMatchObject({
      field: 'node',
      rule: 'reportingLevel',
    });
    expect(await field({ node: `school:${schoolId}`, periodKind: 'month', period: thisMonth })).toMatchObject(
      { field: 'node', rule: 'monthlyReport' },
    );
    expect(await field({ node: zoneRef, periodKind: 'quarter', period: '2026-Q4', extra: 1 })).toMatchObject({
      field: 'extra',
      rule: 'whitelist',
    });
  });

  it("keeps to the caller's scope (404) and to those who may submit (403)", async () => {
    const officer = await t.as('bureau.officer');
    const village = await t.as('village.official');
    const teacher = await t.as('school.teacher');
    // The province is above the officer's zone.
    const above = await officer.post('/api/reporting/snapshots', {
      node: provinceRef,
      periodKind: 'school_year',
      period: periodOf('school_year', today).id,
    });
    expect(above.status).toBe(404);
    expect((await officer.get(`/api/reporting/snapshots?node=${provinceRef}`)).status).toBe(404);
    expect((await officer.get(`/api/reporting/status?node=${provinceRef}`)).status).toBe(404);

    // The zone's snapshot is above the village official and the school's staff.
    const [{ id: zoneSnapshot }] = await t.dataSource.query(
      "SELECT id FROM period_snapshots WHERE period_kind = 'quarter' LIMIT 1",
    );
    expect((await village.get(`/api/reporting/snapshots/${zoneSnapshot}`)).status).toBe(404);
    expect((await teacher.get(`/api/reporting/snapshots/${zoneSnapshot}`)).status).toBe(404);
    expect((await officer.get(`/api/reporting/snapshots/${zoneSnapshot}`)).status).toBe(200);
    expect((await teacher.get(`/api/reporting/snapshots?node=${zoneRef}`)).status).toBe(404);
    expect((await officer.get('/api/reporting/snapshots/not-a-uuid')).status).toBe(400);

    for (const username of ['village.official', 'school.teacher', 'town.official', 'dept.police']) {
      const response = await (
        await t.as(username)
      ).post('/api/reporting/snapshots', {
        node: zoneRef,
        periodKind: 'quarter',
        period: periodOf('quarter', today).id,
      });
      expect(response.status).toBe(403);
    }
    expect((await (await t.as('dept.police')).get('/api/reporting/status')).status).toBe(403);
  });

  it("lists the node's schools not yet reported first, with their due day and whether overdue", async () => {
    const officer = await t.as('bureau.officer');
    const [{ count }] = await t.dataSource.query(
      "SELECT count(*)::int AS count FROM organisations WHERE type = 'school' AND region_path LIKE $1",
      [
        `${(await t.dataSource.query('SELECT path FROM regions WHERE id = $1', [zoneRef.slice(7)]))[0].path}%`,
      ],
    );
    const month = await officer.get<ReportingStatus>(
      `/api/reporting/status?period=${lastMonth}&pageSize=100`,
    );
    expect(month.status).toBe(200);
    expect(month.body).toMatchObject({
      node: { ref: zoneRef },
      period: { kind: 'month', id: lastMonth },
      counts: { schools: count, submitted: 1, missing: count - 1, overdue: count - 1 },
      total: count,
    });
    const items = month.body.items;
    expect(items).toHaveLength(count);
    // Missing (all overdue: last month's day has passed) first, by name; the reported school last.
    expect(items.slice(0, -1).every((row) => !row.submitted && row.overdue)).toBe(true);
    expect(items[items.length - 1]).toMatchObject({
      school: { id: schoolId, ref: `school:${schoolId}` },
      submitted: true,
      overdue: false,
      submittedByName: expect.any(String),
      submittedAt: expect.any(String),
      snapshotId: expect.any(String),
    });
    expect(items[0].dueOn.slice(0, 7)).toBe(lastMonth);
    expect(items[0].school.regionName).toEqual(expect.any(String));

    // Paged: the counts are over all schools, the page is a slice.
    const page2 = await officer.get<ReportingStatus>(
      `/api/reporting/status?period=${lastMonth}&pageSize=5&page=2`,
    );
    expect(page2.body.items.map((row) => row.school.id)).toEqual(
      items.slice(5, 10).map((row) => row.school.id),
    );
    expect(page2.body).toMatchObject({ total: count, page: 2, pageSize: 5, counts: month.body.counts });

    // A search narrows the page, not the counts; a page past the end is empty but still counted.
    const [{ name: schoolName }] = await t.dataSource.query('SELECT name FROM organisations WHERE id = $1', [
      schoolId,
    ]);
    const found = await officer.get<ReportingStatus>(
      `/api/reporting/status?period=${lastMonth}&q=${encodeURIComponent(schoolName)}`,
    );
    expect(found.body.items.map((row) => row.school.id)).toEqual([schoolId]);
    expect(found.body).toMatchObject({ total: 1, counts: month.body.counts });
    const beyond = await officer.get<ReportingStatus>(`/api/reporting/status?period=${lastMonth}&page=99`);
    expect(beyond.body).toMatchObject({ items: [], total: count, counts: month.body.counts });

    // A county's own due day moves the due day of its schools.
    const settings = await officer.get(`/api/settings/reminders/${zoneRef.slice(7)}`);
    const saved = await officer.request('PUT', `/api/settings/reminders/${zoneRef.slice(7)}`, {
      settings: { ...settings.body.settings, schoolMonthlyReportDay: 5 },
      version: settings.body.version,
    });
    expect(saved.status).toBe(200);
    const moved = await officer.get<ReportingStatus>(`/api/reporting/status?period=${lastMonth}&pageSize=1`);
    expect(moved.body.items[0].dueOn).toBe(`${lastMonth}-05`);

    // Bad input names the field.
    const bad = await officer.get('/api/reporting/status?period=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('period');
    const future = await officer.get(
      `/api/reporting/status?period=${addDays(`${thisMonth}-01`, 32).slice(0, 7)}`,
    );
    expect(future.status).toBe(400);
    expect(future.body.details[0]).toMatchObject({ field: 'period', rule: 'notFuture' });
  });
});
