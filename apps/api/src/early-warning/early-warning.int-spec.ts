import { getQueueToken } from '@nestjs/bullmq';
import { addDays, chinaToday, DEFAULT_RISK_RULES, RiskRules } from '@baoxue/domain';
import { Job, Queue } from 'bullmq';
import { createTestApp, TestApp, TestClient, TestResponse } from '../../test/test-app';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOBS, QUEUES, riskCountyJobId } from '../queues/queue-names';
import { RiskRecompute } from './risk-recompute';
import { RiskScheduler } from './risk-scheduler';
import { insertCase, insertChildren, insertDays } from './risk-test-data';

async function finished(job: Job | undefined, timeoutMs = 120_000): Promise<string> {
  if (!job) throw new Error('no job');
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`job ${job.id} did not finish`);
}

/** The watch list and each county's early-warning rules, through the real API, worker and PostgreSQL. */
describe('early warning', () => {
  let t: TestApp;
  let school: { id: string; path: string };
  let otherSchool: { id: string; path: string };
  let zoneId: string;
  let zonePath: string;
  let today: string;
  /** At the defaults: high 50, middle 30, low 20, calm 0; the other school's child 40. */
  let high: string, middle: string, low: string, calm: string, elsewhere: string;

  const settings = (client: TestClient, query = '') => client.get(`/api/settings/early-warning${query}`);
  const save = (client: TestClient, body: unknown, query = '') =>
    client.request('PUT', `/api/settings/early-warning${query}`, body) as Promise<TestResponse>;
  const scoreOf = async (id: string): Promise<number> =>
    (await t.dataSource.query('SELECT score FROM student_risk_scores WHERE student_id = $1', [id]))[0].score;

  /** `absent` unexcused days among the last 20 school days. */
  const days = (studentId: string, absent: number) =>
    Array.from({ length: 20 }, (_, i) => ({
      studentId,
      date: addDays(today, -1 - i),
      mark: i < absent ? ('unexcused' as const) : ('present' as const),
    }));

  beforeAll(async () => {
    // The worker too: a save's recompute runs as it would in production.
    t = await createTestApp({ worker: true });
    today = chinaToday(t.clock.now());
    [school] = await t.dataSource.query(
      `SELECT o.id, o.region_path AS path FROM organisations o
        JOIN users u ON u.scope_school_id = o.id WHERE u.username = 'school.teacher'`,
    );
    // A school of the other town (马集), outside town.official's scope (疃里).
    [otherSchool] = await t.dataSource.query(
      "SELECT id, region_path AS path FROM organisations WHERE type = 'school' AND region_path LIKE '%/370829108/%' ORDER BY id LIMIT 1",
    );
    [{ id: zoneId, path: zonePath }] = await t.dataSource.query(
      "SELECT id, path FROM regions WHERE kind = 'zone'",
    );
    [high, middle, low, calm] = await insertChildren(t.dataSource, school, '预警一班', 4, 4);
    [elsewhere] = await insertChildren(t.dataSource, otherSchool, '预警一班', 1, 4);
    // 5 of 20 unexcused: rate 75% (30) and repeated (20) = 50.
    await insertDays(t.dataSource, school.id, [
      ...days(high, 5),
      ...days(middle, 0),
      ...days(low, 0),
      ...days(calm, 0),
    ]);
    // 4 of 20 unexcused: rate 80% (20) and repeated (20) = 40.
    await insertDays(t.dataSource, otherSchool.id, days(elsewhere, 4));
    await t.dataSource.query(
      `INSERT INTO student_flags (student_id, flag, from_date) VALUES ($1, 'orphan', '2020-01-01'), ($1, 'unsupported', '2020-01-01')`,
      [middle],
    );
    await insertCase(t.dataSource, low, 'closed');
    await t.app.get(RiskRecompute).students([high, middle, low, calm, elsewhere]);
  }, 120_000);
  afterAll(() => t.close());

  it('lists the school’s watched children, highest score first, and audits the read', async () => {
    const teacher = await t.as('school.teacher');
    const list = await teacher.get('/api/attendance/watch-list?className=预警一班&grade=4');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
    expect(list.body.items.map((e: { studentId: string; score: number }) => [e.studentId, e.score])).toEqual([
      [high, 50],
      [middle, 30],
      [low, 20],
    ]);
    expect(list.body.items[0]).toMatchObject({
      fullName: '预警预警一班1',
      schoolId: school.id,
      schoolName: expect.any(String),
      summaryZh: '近20个教学日缺勤5天；近20个教学日无故缺勤5次',
      openCaseId: null,
    });
    expect(list.body.items[1].summaryZh).toBe('孤儿；事实无人抚养');
    expect(list.body.items[2].reasons).toEqual([
      { code: 'previous_case', weight: 20, zh: '曾有辍学记录', en: 'Had a dropout case before' },
    ]);
    const page2 = await teacher.get('/api/attendance/watch-list?className=预警一班&pageSize=2&page=2');
    expect(page2.body.items.map((e: { studentId: string }) => e.studentId)).toEqual([low]);

    const [audit] = await t.dataSource.query(
      "SELECT actor_username, details FROM audit_events WHERE action = 'watch_list.read' ORDER BY occurred_at LIMIT 1",
    );
    expect(audit).toMatchObject({
      actor_username: 'school.teacher',
      details: { className: '预警一班', grade: 4, page: 1, rows: 3, studentIds: [high, middle, low] },
    });
  });

  it("never shows another school's child; a school out of scope answers 404", async () => {
    const teacher = await t.as('school.teacher');
    const own = await teacher.get('/api/attendance/watch-list?pageSize=100');
    expect(own.body.items.map((e: { studentId: string }) => e.studentId)).not.toContain(elsewhere);
    expect((await teacher.get(`/api/attendance/watch-list?schoolId=${otherSchool.id}`)).status).toBe(404);

    const town = await t.as('town.official');
    expect((await town.get(`/api/attendance/watch-list?schoolId=${otherSchool.id}`)).status).toBe(404);
    const inTown = await town.get('/api/attendance/watch-list?className=预警一班');
    expect(inTown.body.items.map((e: { studentId: string }) => e.studentId)).toEqual([high, middle, low]);

    const officer = await t.as('bureau.officer');
    const zone = await officer.get('/api/attendance/watch-list?className=预警一班');
    expect(zone.body.items.map((e: { studentId: string }) => e.studentId)).toEqual([
      high,
      elsewhere,
      middle,
      low,
    ]);
    const other = await officer.get(
      `/api/attendance/watch-list?schoolId=${otherSchool.id}&className=预警一班`,
    );
    expect(other.body.items.map((e: { studentId: string }) => e.studentId)).toEqual([elsewhere]);
    // Not a school: like a missing one.
    const bureau = (
      await t.dataSource.query("SELECT id FROM organisations WHERE type <> 'school' LIMIT 1")
    )[0].id;
    expect((await officer.get(`/api/attendance/watch-list?schoolId=${bureau}`)).status).toBe(404);

    expect((await (await t.as('village.official')).get('/api/attendance/watch-list')).status).toBe(403);
    const bad = await officer.get('/api/attendance/watch-list?pageSize=500&grade=x');
    expect(bad.status).toBe(400);
    expect(
      bad.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`).sort(),
    ).toEqual(['grade:isInt', 'pageSize:max']);
  });

  it("reads a county's rules (the defaults until saved) within scope only", async () => {
    const officer = await t.as('bureau.officer');
    const read = await settings(officer);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      countyId: zoneId,
      countyName: '济宁经济技术开发区',
      rules: DEFAULT_RISK_RULES,
      isDefault: true,
      version: 0,
      updatedAt: null,
    });
    expect((await settings(officer, `?countyId=${zoneId}`)).body).toEqual(read.body);
    // 嘉祥县: the towns' statistical county, outside the zone's scope; a town is no county.
    const county = (await t.dataSource.query("SELECT id FROM regions WHERE code = '370829'"))[0].id;
    expect((await settings(officer, `?countyId=${county}`)).status).toBe(404);
    const town = (await t.dataSource.query("SELECT id FROM regions WHERE code = '370829104'"))[0].id;
    expect((await settings(officer, `?countyId=${town}`)).status).toBe(404);
    expect((await settings(await t.as('school.teacher'))).status).toBe(403);
    expect((await save(await t.as('bureau.leader'), { rules: DEFAULT_RISK_RULES, version: 0 })).status).toBe(
      403,
    );
  });

  it('refuses broken rules naming each field and rule, and saves nothing', async () => {
    const officer = await t.as('bureau.officer');
    const broken = {
      ...DEFAULT_RISK_RULES,
      windowSchoolDays: 200,
      attendanceTiers: [
        { below: 0.8, weight: 10 },
        { below: 0.9, weight: 20 },
      ],
      flagWeights: { left_behind: 150 },
      watchFrom: 0,
    };
    const response = await save(officer, { rules: broken, version: 0 });
    expect(response.status).toBe(400);
    expect(
      response.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`).sort(),
    ).toEqual([
      'rules.attendanceTiers.1.below:descending',
      'rules.flagWeights.left_behind:max',
      'rules.watchFrom:min',
      'rules.windowSchoolDays:max',
    ]);
    expect((await save(officer, { rules: DEFAULT_RISK_RULES })).body.details[0]).toMatchObject({
      field: 'version',
      rule: 'isInt',
    });
    expect(await t.dataSource.query('SELECT 1 FROM county_early_warning_rules')).toHaveLength(0);
  });

  it('saves with the version read (stale: 409), audits, and the worker recomputes the county', async () => {
    const officer = await t.as('bureau.officer');
    // A previous case now weighs 60, and only scores of 40 and more are watched.
    const rules: RiskRules = { ...DEFAULT_RISK_RULES, previousCaseWeight: 60, watchFrom: 40 };
    const saved = await save(officer, { rules, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ countyId: zoneId, rules, isDefault: false, version: 1 });
    expect((await save(officer, { rules: DEFAULT_RISK_RULES, version: 0 })).status).toBe(409);
    expect((await settings(officer)).body.rules).toEqual(rules);

    const [audit] = await t.dataSource.query(
      "SELECT entity_id, region_path, actor_username, details FROM audit_events WHERE action = 'early_warning_rules.update'",
    );
    expect(audit).toEqual({
      entity_id: zoneId,
      region_path: zonePath,
      actor_username: 'bureau.officer',
      details: { fields: ['previousCaseWeight', 'watchFrom'], version: 1 },
    });

    const queue = t.app.get<Queue>(getQueueToken(QUEUES.risk));
    expect(await finished(await queue.getJob(riskCountyJobId(zoneId, 1)))).toBe('completed');
    expect(await scoreOf(low)).toBe(60);
    expect(await scoreOf(high)).toBe(50);
    const list = await (await t.as('school.teacher')).get('/api/attendance/watch-list?className=预警一班');
    expect(list.body.items.map((e: { studentId: string }) => e.studentId)).toEqual([low, high]);
  }, 180_000);

  it('recomputes after a roll: afterAttendance queues the children and returns without waiting', async () => {
    await t.dataSource.query('DELETE FROM attendance_records WHERE student_id = $1', [calm]);
    // 6 of 20 unexcused: rate 70% (30) and repeated (20) = 50.
    await insertDays(t.dataSource, school.id, days(calm, 6));
    expect(await scoreOf(calm)).toBe(0);
    await t.app.get(RiskScheduler).afterAttendance([calm, calm]);
    for (const end = Date.now() + 60_000; (await scoreOf(calm)) !== 50 && Date.now() < end;)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await scoreOf(calm)).toBe(50);
  }, 90_000);

  it('nightly: scheduled once, and the recompute lets ended flags go and drops children who left', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.risk));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([
      [JOBS.riskNightly, '30 2 * * *', 'Asia/Shanghai'],
    ]);

    // The orphan flag ended yesterday; calm left school.
    await t.dataSource.query(
      "UPDATE student_flags SET to_date = $2 WHERE student_id = $1 AND flag = 'orphan'",
      [middle, addDays(today, -1)],
    );
    await t.dataSource.query("UPDATE students SET enrolment_status = 'graduated' WHERE id = $1", [calm]);
    const nightly = t.worker?.get(JobHandlerRegistry).handlerFor(JOBS.riskNightly);
    if (!nightly) throw new Error('no nightly handler in the worker');
    const result = (await nightly({} as Job)) as { scored: number; removed: number };
    expect(result.removed).toBe(1);
    expect(result.scored).toBeGreaterThan(1000);
    const [row] = await t.dataSource.query(
      'SELECT score, summary_zh FROM student_risk_scores WHERE student_id = $1',
      [middle],
    );
    expect(row).toEqual({ score: 15, summary_zh: '事实无人抚养' });
    expect(
      await t.dataSource.query('SELECT 1 FROM student_risk_scores WHERE student_id = $1', [calm]),
    ).toEqual([]);
  }, 120_000);
});
