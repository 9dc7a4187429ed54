import { addDays, chinaToday } from '@baoxue/domain';
import { createTestApp, TestApp } from '../../test/test-app';

/** GET /api/dashboard/status: scope, input rules and permission through the real API. */
describe('GET /api/dashboard/status', () => {
  let t: TestApp;
  let zone: { id: string; path: string };
  let towns: { id: string; path: string; name: string }[];
  let teacherSchool: { id: string; region_id: string; region_path: string };
  let otherSchool: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    [zone] = await t.dataSource.query(
      "SELECT id, path FROM regions WHERE kind = 'zone' ORDER BY path LIMIT 1",
    );
    towns = await t.dataSource.query(
      'SELECT id, path, name FROM regions WHERE parent_id = $1 ORDER BY path',
      [zone.id],
    );
    [teacherSchool] = await t.dataSource.query(
      `SELECT o.id, o.region_id, o.region_path FROM organisations o
         JOIN users u ON u.scope_school_id = o.id WHERE u.username = 'school.teacher'`,
    );
    [otherSchool] = await t.dataSource.query(
      "SELECT id FROM organisations WHERE type = 'school' AND id <> $1 LIMIT 1",
      [teacherSchool.id],
    );
  });
  afterAll(() => t.close());

  const status = (node?: string, asOf?: string) => {
    const query = new URLSearchParams();
    if (node) query.set('node', node);
    if (asOf) query.set('asOf', asOf);
    return `/api/dashboard/status?${query}`;
  };

  it("answers the scope's root with its children, not at zero first, all within the scope", async () => {
    const response = await (await t.as('bureau.leader')).get(status());
    expect(response.status).toBe(200);
    expect(response.body.node).toMatchObject({ ref: `region:${zone.id}`, kind: 'zone', parentRef: null });
    const children = response.body.children as {
      node: { ref: string; path: string };
      figures: { atZero: boolean };
    }[];
    expect(children.map((c) => c.node.ref)).toEqual(
      expect.arrayContaining(towns.map((town) => `region:${town.id}`)),
    );
    for (const child of children) expect(child.node.path.startsWith(zone.path)).toBe(true);
    const atZero = children.map((c) => c.figures.atZero);
    expect(atZero).toEqual([...atZero].sort((a, b) => Number(a) - Number(b)));
    expect(response.body.context.enrolled).toBeGreaterThan(0);
    // Aggregates only: no child's name or ID number anywhere in the answer.
    expect(JSON.stringify(response.body)).not.toMatch(/idNumber|fullName|student/i);
  });

  it('drills down to a town and answers it as of a past day', async () => {
    const leader = await t.as('bureau.leader');
    const town = await leader.get(status(`region:${towns[0].id}`));
    expect(town.status).toBe(200);
    expect(town.body.node.parentRef).toBe(`region:${zone.id}`);
    const yesterday = addDays(chinaToday(t.clock.now()), -1);
    const past = await leader.get(status(`region:${towns[0].id}`, yesterday));
    expect(past.status).toBe(200);
    expect(past.body.asOf).toBe(yesterday);
    expect(past.body.children.map((c: { node: { ref: string } }) => c.node.ref).sort()).toEqual(
      town.body.children.map((c: { node: { ref: string } }) => c.node.ref).sort(),
    );
  });

  it('answers a node outside the scope as missing, and lists only children within it', async () => {
    const official = await t.as('town.official');
    const own = await official.get(status());
    expect(own.status).toBe(200);
    const ownPath: string = own.body.node.path;
    for (const child of own.body.children) expect(child.node.path.startsWith(ownPath)).toBe(true);
    expect((await official.get(status(`region:${zone.id}`))).status).toBe(404);
    const otherTown = towns.find((town) => town.path !== ownPath);
    expect((await official.get(status(`region:${otherTown?.id}`))).status).toBe(404);
  });

  it('gives a school user their school alone', async () => {
    const teacher = await t.as('school.teacher');
    const own = await teacher.get(status());
    expect(own.status).toBe(200);
    expect(own.body.node).toMatchObject({
      ref: `school:${teacherSchool.id}`,
      kind: 'school',
      parentRef: null,
    });
    expect(own.body.children).toEqual([]);
    expect((await teacher.get(status(`school:${otherSchool.id}`))).status).toBe(404);
    expect((await teacher.get(status(`region:${teacherSchool.region_id}`))).status).toBe(404);
  });

  it.each([
    ['node', 'town:123', undefined],
    ['node', 'region:not-a-uuid', undefined],
    ['asOf', undefined, '2026-13-45'],
    ['asOf', undefined, '20261201'],
  ])('refuses a bad %s with 400 naming it (%s %s)', async (field, node, asOf) => {
    const response = await (await t.as('bureau.officer')).get(status(node, asOf));
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('refuses an asOf in the future with 400 naming it', async () => {
    const tomorrow = addDays(chinaToday(t.clock.now()), 1);
    const response = await (await t.as('bureau.officer')).get(status(undefined, tomorrow));
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'asOf', rule: 'notFuture' })]);
  });

  it('is refused to a department liaison (no figures.read)', async () => {
    expect((await (await t.as('dept.police')).get(status())).status).toBe(403);
  });
});
