import { createTestApp, TestApp, TestClient } from '../../test/test-app';

describe('the audit log', () => {
  let t: TestApp;
  let officer: TestClient;

  const studentIn = async (pathLike: string): Promise<string> =>
    (
      await t.dataSource.query('SELECT id FROM students WHERE region_path LIKE $1 ORDER BY id LIMIT 1', [
        pathLike,
      ])
    )[0].id;

  beforeAll(async () => {
    t = await createTestApp();
    officer = t.client();
    await officer.login('bureau.officer');
  });
  afterAll(() => t.close());

  it("shows who looked at a child's record and who revealed it, with the reason", async () => {
    const studentId = await studentIn('%/370829104/%');
    const village = t.client();
    await village.login('town.official');
    expect((await village.get(`/api/students/${studentId}`)).status).toBe(200);
    const reveal = await officer.post(`/api/students/${studentId}/reveal`, { reason: '核查户籍信息' });
    expect(reveal.status).toBe(200);

    const log = await officer.get(`/api/audit?entityId=${studentId}&action=student.`);
    expect(log.status).toBe(200);
    const entries = log.body.items.map(
      (e: { action: string; actorUsername: string; reason: string | null }) => [
        e.action,
        e.actorUsername,
        e.reason,
      ],
    );
    expect(entries).toEqual([
      ['student.reveal', 'bureau.officer', '核查户籍信息'],
      ['student.read', 'town.official', null],
    ]);
    expect(JSON.stringify(log.body)).not.toMatch(/\d{17}[\dX]/);
  });

  it('is limited to the reader’s scope and to roles with audit.read', async () => {
    const tuanli = t.client();
    await tuanli.login('town.official');
    expect((await tuanli.get('/api/audit')).status).toBe(403);

    // An event about a place outside the zone is invisible to the zone's officer.
    await t.dataSource.query(
      "INSERT INTO audit_events (action, entity_type, region_path) VALUES ('student.read', 'student', '/37/3708/370829/')",
    );
    const all = await officer.get('/api/audit?pageSize=200&action=student.read');
    expect(all.status).toBe(200);
    const zonePath = (await t.dataSource.query("SELECT path FROM regions WHERE kind = 'zone'"))[0].path;
    const ids: string[] = all.body.items.map((e: { id: string }) => e.id);
    const paths: { region_path: string }[] = await t.dataSource.query(
      'SELECT region_path FROM audit_events WHERE id = ANY($1)',
      [ids],
    );
    for (const { region_path } of paths) expect(region_path.startsWith(zonePath)).toBe(true);

    // Sign-ins (no place) show for users within the scope.
    const logins = await officer.get('/api/audit?action=auth.login&pageSize=200');
    expect(logins.body.items.map((e: { actorUsername: string }) => e.actorUsername)).toContain(
      'bureau.officer',
    );
  });

  it('names a bad filter in a 400', async () => {
    const response = await officer.get('/api/audit?entityId=nope&from=yesterday');
    expect(response.status).toBe(400);
    const fields = response.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['entityId', 'from']));
  });
});
