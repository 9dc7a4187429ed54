import { addDays, chinaToday } from '@baoxue/domain';
import { createTestApp, TestApp } from '../../test/test-app';
import { dueJobId } from '../queues/queue-names';
import { ReminderScheduler } from './reminder-scheduler';

/** Schools' monthly reports (四个一 月报) through the real API and PostgreSQL. */
describe('school monthly reports', () => {
  let t: TestApp;
  let schoolId: string;
  let schoolPath: string;
  let otherSchoolId: string;
  let thisMonth: string;
  let lastMonth: string;
  let nextMonth: string;

  const reports = (schoolId: string) => `/api/schools/${schoolId}/monthly-reports`;
  const reportItem = async (school: string, period: string): Promise<string> =>
    (
      await t.dataSource.query(
        `INSERT INTO due_items (key, kind, ref, due_on, region_path, next_stage, school_id)
         VALUES ($1, 'school_report', $2, $3, $4, 'due', $5) RETURNING id`,
        [`school:${school}:school_report:${period}:${period}-28`, period, `${period}-28`, schoolPath, school],
      )
    )[0].id;
  const statusOf = async (id: string): Promise<string> =>
    (await t.dataSource.query('SELECT status FROM due_items WHERE id = $1', [id]))[0].status;

  beforeAll(async () => {
    t = await createTestApp();
    [{ id: schoolId, region_path: schoolPath }] = await t.dataSource.query(
      `SELECT o.id, o.region_path FROM organisations o
        JOIN users u ON u.scope_school_id = o.id WHERE u.username = 'school.teacher'`,
    );
    otherSchoolId = (
      await t.dataSource.query("SELECT id FROM organisations WHERE type = 'school' AND id <> $1 LIMIT 1", [
        schoolId,
      ])
    )[0].id;
    const today = chinaToday(t.clock.now());
    thisMonth = today.slice(0, 7);
    lastMonth = addDays(`${thisMonth}-01`, -1).slice(0, 7);
    nextMonth = addDays(`${thisMonth}-01`, 32).slice(0, 7);
  });
  afterAll(() => t.close());

  it('submits once: the report item is done, a second submission answers the first with 200', async () => {
    const item = await reportItem(schoolId, lastMonth);
    const otherItem = await reportItem(otherSchoolId, lastMonth);
    const teacher = await t.as('school.teacher');

    const first = await teacher.post(reports(schoolId), { period: lastMonth });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ schoolId, period: lastMonth, submittedByName: expect.any(String) });
    expect(await statusOf(item)).toBe('done');
    expect(await statusOf(otherItem)).toBe('pending');

    const again = await (await t.as('school.principal')).post(reports(schoolId), { period: lastMonth });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const audits = await t.dataSource.query(
      "SELECT entity_id, region_path FROM audit_events WHERE action = 'school_report.submit'",
    );
    expect(audits).toEqual([{ entity_id: first.body.id, region_path: schoolPath }]);
  });

  it("removes the report's waiting reminder job once it is submitted", async () => {
    const period = addDays(`${lastMonth}-01`, -1).slice(0, 7);
    const item = await reportItem(schoolId, period);
    const scheduler = t.app.get(ReminderScheduler);
    await scheduler.schedule([{ id: item, nextStage: 'due', nextFireAt: new Date(Date.now() + 86_400_000) }]);
    expect(await scheduler.queue.getJob(dueJobId(item, 'due'))).toBeDefined();

    const submitted = await (await t.as('school.teacher')).post(reports(schoolId), { period });
    expect(submitted.status).toBe(201);
    expect(await statusOf(item)).toBe('done');
    expect(await scheduler.queue.getJob(dueJobId(item, 'due'))).toBeUndefined();
  });

  it('takes two simultaneous submissions of one month as one report', async () => {
    const teacher = await t.as('school.teacher');
    const principal = await t.as('school.principal');
    const [a, b] = await Promise.all([
      teacher.post(reports(schoolId), { period: thisMonth }),
      principal.post(reports(schoolId), { period: thisMonth }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const rows = await t.dataSource.query(
      'SELECT 1 FROM school_monthly_reports WHERE school_id = $1 AND period = $2',
      [schoolId, thisMonth],
    );
    expect(rows).toHaveLength(1);
    // The month's figures are frozen once, with the report.
    const snapshots = await t.dataSource.query(
      "SELECT 1 FROM period_snapshots WHERE node_id = $1 AND period_kind = 'month' AND period = $2",
      [schoolId, thisMonth],
    );
    expect(snapshots).toHaveLength(1);
  });

  it('refuses a future month or a malformed one, naming the field and rule', async () => {
    const teacher = await t.as('school.teacher');
    const future = await teacher.post(reports(schoolId), { period: nextMonth });
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([expect.objectContaining({ field: 'period', rule: 'notFuture' })]);
    for (const period of ['2026-13', '2026-1', 202611, undefined]) {
      const bad = await teacher.post(reports(schoolId), { period });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('period');
    }
    const extra = await teacher.post(reports(schoolId), { period: lastMonth, figures: 3 });
    expect(extra.status).toBe(400);
    expect(extra.body.details).toEqual([expect.objectContaining({ field: 'figures', rule: 'whitelist' })]);
  });

  it("keeps to the caller's school or scope, and to the roles that report", async () => {
    const teacher = await t.as('school.teacher');
    expect((await teacher.post(reports(otherSchoolId), { period: lastMonth })).status).toBe(404);
    expect((await teacher.get(reports(otherSchoolId))).status).toBe(404);
    // Not a school at all.
    const bureau = (
      await t.dataSource.query("SELECT organisation_id FROM users WHERE username = 'bureau.officer'")
    )[0].organisation_id;
    const officer = await t.as('bureau.officer');
    expect((await officer.post(reports(bureau), { period: lastMonth })).status).toBe(404);
    // A bureau officer reports for a school in scope.
    const forSchool = await officer.post(reports(otherSchoolId), { period: lastMonth });
    expect(forSchool.status).toBe(201);

    for (const username of ['village.official', 'town.official', 'admin', 'bureau.leader']) {
      expect((await (await t.as(username)).post(reports(schoolId), { period: lastMonth })).status).toBe(403);
    }
    expect((await (await t.as('village.official')).get(reports(schoolId))).status).toBe(403);
    expect((await (await t.as('bureau.leader')).get(reports(schoolId))).status).toBe(200);
  });

  it("lists a school's reports, newest month first", async () => {
    const list = await (await t.as('school.teacher')).get(reports(schoolId));
    expect(list.status).toBe(200);
    expect(list.body.map((r: { period: string }) => r.period)).toEqual([
      thisMonth,
      lastMonth,
      addDays(`${lastMonth}-01`, -1).slice(0, 7),
    ]);
    expect(list.body[0]).toMatchObject({ schoolId, submittedAt: expect.any(String) });
  });
});
