import type { ComparisonFindingView, RouteFindingsResult, WorkList } from '@baoxue/contracts';
import { addDays, chinaToday, composeIdNumber, maskIdNumber } from '@baoxue/domain';
import { addJiaxiangBureau, JIAXIANG_OFFICER } from '../../../test/jiaxiang-bureau';
import { insertCommittedRegister } from '../../../test/register-fixtures';
import { createTestApp, TestApp, TestClient } from '../../../test/test-app';
import { allFindings, runComparison, VILLAGE_CODE, yearsBefore } from '../../../test/comparison-test-kit';

/** Routing a run's findings (派发核查): the cases it opens, who sees them, and the API's edges. */
describe('routing comparison findings', () => {
  let t: TestApp;
  let officer: TestClient;
  let asOf: string;
  let runId: string;
  let findings: ComparisonFindingView[];
  const young = { name: '派发十岁', birth: '', id: '' };
  const older = { name: '派发十四岁', birth: '', id: '' };

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    officer = await t.as('bureau.officer');
    asOf = chinaToday(t.clock.now());
    young.birth = yearsBefore(asOf, 10);
    young.id = composeIdNumber('370829', young.birth, 501);
    older.birth = addDays(yearsBefore(asOf, 15), 1);
    older.id = composeIdNumber('370829', older.birth, 502);
    await insertCommittedRegister(t.dataSource, t.config, {
      kind: 'household',
      regionCode: '370829',
      rows: [young, older].map((c) => ({
        idNumber: c.id,
        fullName: c.name,
        sex: 'female' as const,
        birthDate: c.birth,
        villageCode: VILLAGE_CODE,
        address: '进士张村8号',
        guardianName: `${c.name}母`,
        guardianPhone: '13900000000',
      })),
    });
    const run = await runComparison(officer, { asOf });
    runId = run.id;
    findings = (await allFindings(officer, runId)).filter((f) => f.fullName.startsWith('派发'));
  }, 180_000);
  afterAll(() => t?.close());

  it('opens suspected cases from data comparison, named to the village official and the nearest school', async () => {
    expect(findings).toHaveLength(2);
    const routed = await officer.post<RouteFindingsResult>(`/api/registers/comparisons/${runId}/route`, {
      findingIds: findings.map((f) => f.id),
    });
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({ raised: 2, covered: 0 });

    const cases: {
      id: string;
      state: string;
      source: string;
      type: string;
      student_id: string;
      name: string;
    }[] = await t.dataSource.query(
      `SELECT c.id, c.state, c.source, c.type, c.student_id, s.full_name AS name
           FROM cases c JOIN students s ON s.id = c.student_id WHERE c.id = ANY($1::uuid[]) ORDER BY s.full_name`,
      [routed.body.caseIds],
    );
    expect(cases).toHaveLength(2);
    for (const c of cases)
      expect(c).toMatchObject({ state: 'suspected', source: 'data_comparison', type: 'never_enrolled' });

    const [villageOfficial] = await t.dataSource.query(
      "SELECT id FROM users WHERE username = 'village.official'",
    );
    for (const c of cases) {
      const responsibles: { user_id: string | null; party: string; school_level: string | null }[] =
        await t.dataSource.query(
          `SELECT r.user_id, r.party, o.school_level FROM case_responsibles r
             LEFT JOIN organisations o ON o.id = r.organisation_id AND o.type = 'school'
            WHERE r.case_id = $1 AND r.active`,
          [c.id],
        );
      expect(responsibles.map((r) => r.user_id)).toContain(villageOfficial.id);
      const school = responsibles.find((r) => r.party === 'school');
      expect(school).toBeDefined();
      // A 10-year-old goes to a primary (or nine-year) school where the village has one.
      if (c.name === young.name && school?.school_level)
        expect(['primary', 'nine_year']).toContain(school.school_level);
      const notified = await t.dataSource.query(
        'SELECT recipient_user_id FROM notifications WHERE case_id = $1',
        [c.id],
      );
      expect(notified.map((n: { recipient_user_id: string }) => n.recipient_user_id)).toContain(
        villageOfficial.id,
      );
    }

    // The findings are raised with their cases.
    const after = (await allFindings(officer, runId)).filter((f) => f.fullName.startsWith('派发'));
    for (const f of after) expect(f).toMatchObject({ status: 'raised', caseId: expect.any(String) });

    // The village official's work list has the verification item of each.
    const work = await (await t.as('village.official')).get<WorkList>('/api/work?days=60');
    expect(work.status).toBe(200);
    const items = [...work.body.overdue, ...work.body.upcoming];
    for (const c of cases)
      expect(items).toContainEqual(
        expect.objectContaining({ kind: 'verification', case: expect.objectContaining({ id: c.id }) }),
      );

    // A new record: masked ID in lists, the full one revealable, the guardian kept.
    const young_ = cases.find((c) => c.name === young.name);
    const student = await officer.get(`/api/students/${young_?.student_id}`);
    expect(student.status).toBe(200);
    expect(student.body.idNumberMasked).toBe(maskIdNumber(young.id));
    expect(JSON.stringify(student.body)).not.toContain(young.id);
    const revealed = await officer.post(`/api/students/${young_?.student_id}/reveal`, {
      reason: '核对户籍信息',
    });
    expect(revealed.status).toBe(200);
    expect(revealed.body.idNumber).toBe(young.id);
    expect(revealed.body.guardians).toEqual([expect.objectContaining({ fullName: `${young.name}母` })]);
    const [record] = await t.dataSource.query(
      'SELECT enrolment_status, school_id, region_path FROM students WHERE id = $1',
      [young_?.student_id],
    );
    expect(record).toMatchObject({ enrolment_status: 'not_enrolled', school_id: null });

    // Routing again raises nothing.
    const again = await officer.post<RouteFindingsResult>(`/api/registers/comparisons/${runId}/route`, {
      all: true,
    });
    expect(again.body.caseIds).not.toEqual(expect.arrayContaining(routed.body.caseIds));
  });

  it('keeps runs within scope: another county sees none (404), a village official may not compare (403)', async () => {
    await addJiaxiangBureau(t);
    const other = t.client();
    await other.login(JIAXIANG_OFFICER.username, JIAXIANG_OFFICER.password);
    expect((await other.get(`/api/registers/comparisons/${runId}`)).status).toBe(404);
    expect((await other.get(`/api/registers/comparisons/${runId}/findings`)).status).toBe(404);
    expect((await other.post(`/api/registers/comparisons/${runId}/route`, { all: true })).status).toBe(404);
    const list = await other.get('/api/registers/comparisons');
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(runId);
    const [zone] = await t.dataSource.query(
      "SELECT scope_region_id AS id FROM users WHERE username = 'bureau.officer'",
    );
    expect((await other.post('/api/registers/comparisons', { regionId: zone.id })).status).toBe(404);

    const village = await t.as('village.official');
    expect((await village.get('/api/registers/comparisons')).status).toBe(403);
    expect((await village.get(`/api/registers/comparisons/${runId}`)).status).toBe(403);
    expect((await village.post('/api/registers/comparisons', {})).status).toBe(403);
  });

  it('answers bad requests with 400s that name the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ asOf: addDays(asOf, 1) }, 'asOf'],
      [{ asOf: '2026-02-30' }, 'asOf'],
      [{ asOf: '15/09/2026' }, 'asOf'],
      [{ ageFrom: 2 }, 'ageFrom'],
      [{ ageTo: 19 }, 'ageTo'],
      [{ ageFrom: 12, ageTo: 9 }, 'ageTo'],
      [{ regionId: 'not-a-uuid' }, 'regionId'],
    ];
    for (const [body, field] of cases) {
      const res = await officer.post('/api/registers/comparisons', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const route = await officer.post(`/api/registers/comparisons/${runId}/route`, {});
    expect(route.status).toBe(400);
    expect(route.body.details[0].field).toBe('findingIds');
    const confirm = await officer.post(`/api/registers/findings/${findings[0].id}/confirm`, {
      decision: 'maybe',
    });
    expect(confirm.status).toBe(400);
    expect(confirm.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['decision', 'version']),
    );
    expect((await officer.get('/api/registers/comparisons/nope')).status).toBe(400);
    expect((await officer.get(`/api/registers/comparisons/${runId}/findings?category=other`)).status).toBe(
      400,
    );
  });

  it('downloads the findings as a workbook with masked ID numbers', async () => {
    const res = await fetch(`${t.baseUrl}/api/registers/comparisons/${runId}/findings.xlsx`, {
      headers: { cookie: await cookieOf(officer) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    const rows: string[] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).join('|')));
    expect(rows[0]).toContain('身份证号（脱敏）');
    expect(rows.some((r) => r.includes(young.name) && r.includes(maskIdNumber(young.id)))).toBe(true);
    expect(rows.join('\n')).not.toContain(young.id);
    const audited = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'comparison.findings.export' AND entity_id = $1",
      [runId],
    );
    expect(audited[0].n).toBe(1);
  });
});

/** The session cookie a signed-in client holds, for a raw fetch of binary content. */
async function cookieOf(client: TestClient): Promise<string> {
  const cookies = (client as unknown as { cookies: Map<string, string> }).cookies;
  return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}
