import { randomUUID } from 'node:crypto';
import { chinaToday } from '@baoxue/domain';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';

/** Where a visit was recorded: stored with the intervention, validated field by field. */
describe('intervention location', () => {
  let t: TestApp;
  let caseId: string;

  const as = (username: string): Promise<TestClient> => t.as(username);
  const visit = (extra: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    kind: 'home_visit',
    occurredOn: chinaToday(new Date()),
    outcome: 'willing_to_return',
    ...extra,
  });
  const stored = async (id: string) =>
    (
      await t.dataSource.query(
        `SELECT location_latitude, location_longitude, location_accuracy_meters
           FROM case_interventions WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    const villagePath = (
      await t.dataSource.query("SELECT scope_path FROM users WHERE username = 'village.official'")
    )[0].scope_path;
    const [student] = await t.dataSource.query(
      `SELECT s.id FROM students s WHERE s.region_path = $1
         AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id) ORDER BY s.id LIMIT 1`,
      [villagePath],
    );
    const opened = await (
      await as('bureau.officer')
    ).post('/api/cases', {
      studentId: student.id,
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'family_hardship',
    });
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
  });
  afterAll(() => t.close());

  it('keeps the location given and shows it on the record and the case list; absent is null', async () => {
    const official = await as('village.official');
    const location = { latitude: 35.3894721, longitude: 116.3417265, accuracyMeters: 12.5 };
    const located = await official.post(`/api/cases/${caseId}/interventions`, visit({ location }));
    expect(located.status).toBe(201);
    expect(located.body.location).toEqual(location);
    expect(await stored(located.body.id)).toEqual({
      location_latitude: location.latitude,
      location_longitude: location.longitude,
      location_accuracy_meters: location.accuracyMeters,
    });

    const plain = await official.post(`/api/cases/${caseId}/interventions`, visit());
    expect(plain.status).toBe(201);
    expect(plain.body.location).toBeNull();

    const list = await official.get(`/api/cases/${caseId}/interventions`);
    const byId = new Map(list.body.map((i: { id: string; location: unknown }) => [i.id, i.location]));
    expect(byId.get(located.body.id)).toEqual(location);
    expect(byId.get(plain.body.id)).toBeNull();

    // The edges of each range are accepted.
    const edge = { latitude: -90, longitude: 180, accuracyMeters: 0 };
    const atEdge = await official.post(`/api/cases/${caseId}/interventions`, visit({ location: edge }));
    expect(atEdge.status).toBe(201);
    expect(atEdge.body.location).toEqual(edge);
  });

  it('answers a bad location with 400 naming location.<field> and the rule, recording nothing', async () => {
    const official = await as('village.official');
    const good = { latitude: 35.39, longitude: 116.34, accuracyMeters: 20 };
    const cases: [unknown, string, string][] = [
      [{ ...good, latitude: 90.0001 }, 'location.latitude', 'max'],
      [{ ...good, latitude: -91 }, 'location.latitude', 'min'],
      [{ ...good, longitude: 180.5 }, 'location.longitude', 'max'],
      [{ ...good, longitude: -181 }, 'location.longitude', 'min'],
      [{ ...good, accuracyMeters: -1 }, 'location.accuracyMeters', 'min'],
      [{ ...good, accuracyMeters: 100_001 }, 'location.accuracyMeters', 'max'],
      [{ ...good, latitude: '35.39' }, 'location.latitude', 'isNumber'],
      [{ latitude: 35.39, longitude: 116.34 }, 'location.accuracyMeters', 'isNumber'],
      [{ ...good, altitude: 40 }, 'location.altitude', 'whitelist'],
      ['35.39,116.34', 'location', 'isObject'],
    ];
    const before = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM case_interventions WHERE case_id = $1',
      [caseId],
    );
    for (const [location, field, rule] of cases) {
      const response = await official.post(`/api/cases/${caseId}/interventions`, visit({ location }));
      expect({ location, status: response.status }).toEqual({ location, status: 400 });
      expect(response.body.details).toContainEqual(expect.objectContaining({ field, rule }));
    }
    const after = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM case_interventions WHERE case_id = $1',
      [caseId],
    );
    expect(after).toEqual(before);
  });

  it('refuses a partial location in the database too', async () => {
    const [row] = await t.dataSource.query('SELECT id FROM case_interventions WHERE case_id = $1 LIMIT 1', [
      caseId,
    ]);
    await expect(
      t.dataSource.query(
        'UPDATE case_interventions SET location_latitude = 35.1, location_longitude = NULL, location_accuracy_meters = 10 WHERE id = $1',
        [row.id],
      ),
    ).rejects.toThrow(/case_interventions_location/);
  });
});
