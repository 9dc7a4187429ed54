import { getQueueToken } from '@nestjs/bullmq';
import { addWorkingDays, caseSettings, CaseSettings, chinaToday } from '@baoxue/domain';
import { Queue } from 'bullmq';
import { createTestApp, TestApp, TestClient, TestResponse } from '../../test/test-app';
import { JOBS, QUEUES } from '../queues/queue-names';
import { CountySettingsService } from './county-settings.service';

/** The per-county rules (提醒规则) through the real API, PostgreSQL and Redis. */
describe('county reminder settings', () => {
  let t: TestApp;
  let officer: TestClient;
  let zoneId: string;
  let zonePath: string;
  let countyId: string;

  const put = (client: TestClient, regionId: string, body: unknown) =>
    client.request('PUT', `/api/settings/reminders/${regionId}`, body) as Promise<TestResponse>;

  beforeAll(async () => {
    // The worker too: a save's re-derivation runs as it would in production.
    t = await createTestApp({ worker: true });
    officer = await t.as('bureau.officer');
    [{ id: zoneId, path: zonePath }] = await t.dataSource.query(
      "SELECT id, path FROM regions WHERE kind = 'zone'",
    );
    // 嘉祥县: the towns' statistical county, outside the zone's scope.
    countyId = (await t.dataSource.query("SELECT id FROM regions WHERE code = '370829'"))[0].id;
  });
  afterAll(() => t.close());

  it('lists the counties and zones within scope, at the defaults until saved', async () => {
    const list = await officer.get('/api/settings/reminders');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        regionId: zoneId,
        regionName: '济宁经济技术开发区',
        settings: caseSettings(),
        isDefault: true,
        defaults: caseSettings(),
        version: 0,
        updatedAt: null,
      },
    ]);
    const one = await officer.get(`/api/settings/reminders/${zoneId}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(list.body[0]);
    expect((await (await t.as('admin')).get('/api/settings/reminders')).status).toBe(200);
  });

  it('answers 404 outside scope or for a region that is not a county, 400 for a bad id', async () => {
    expect((await officer.get(`/api/settings/reminders/${countyId}`)).status).toBe(404);
    const town = (await t.dataSource.query("SELECT id FROM regions WHERE code = '370829104'"))[0].id;
    expect((await officer.get(`/api/settings/reminders/${town}`)).status).toBe(404);
    const bad = await officer.get('/api/settings/reminders/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'regionId', rule: 'isUuid' });
    const outside = await put(officer, countyId, { settings: caseSettings(), version: 0 });
    expect(outside.status).toBe(404);
    expect(await t.dataSource.query('SELECT 1 FROM county_settings')).toHaveLength(0);
  });

  it('is for admins and bureau officers only', async () => {
    for (const username of ['bureau.leader', 'town.official', 'village.official', 'school.teacher']) {
      const client = await t.as(username);
      expect((await client.get('/api/settings/reminders')).status).toBe(403);
      expect((await client.get(`/api/settings/reminders/${zoneId}`)).status).toBe(403);
      expect((await put(client, zoneId, { settings: caseSettings(), version: 0 })).status).toBe(403);
    }
    expect((await t.client().get('/api/settings/reminders')).status).toBe(401);
  });

  it('reports every broken rule at once, each named settings.<field>, and saves nothing', async () => {
    const { smsReminders: _dropped, ...rest } = caseSettings();
    const response = await put(officer, zoneId, {
      settings: { ...rest, followUpDays: 0, reminderTime: '8:00', monitoringCheckInDays: [30, 7], bogus: 1 },
      version: 0,
    });
    expect(response.status).toBe(400);
    const problems = response.body.details.map(
      (d: { field: string; rule: string }) => `${d.field}:${d.rule}`,
    );
    expect(problems.sort()).toEqual(
      [
        'settings.bogus:whitelist',
        'settings.smsReminders:isDefined',
        'settings.followUpDays:min',
        'settings.reminderTime:clockTime',
        'settings.monitoringCheckInDays:ascending',
      ].sort(),
    );
    expect(await t.dataSource.query('SELECT 1 FROM county_settings')).toHaveLength(0);

    const noDocument = await put(officer, zoneId, { version: 0 });
    expect(noDocument.status).toBe(400);
    expect(noDocument.body.details).toEqual([expect.objectContaining({ field: 'settings' })]);
    const noVersion = await put(officer, zoneId, { settings: caseSettings() });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.details).toEqual([expect.objectContaining({ field: 'version', rule: 'isInt' })]);
  });

  it('saves with the version read, audited; rules take effect and the county is re-derived', async () => {
    const service = t.app.get(CountySettingsService);
    // Read once so the cached rules must be forgotten by the save.
    expect((await service.settingsFor(zonePath)).followUpDays).toBe(7);
    const changed: CaseSettings = {
      ...caseSettings(),
      followUpDays: 5,
      holidays: ['2026-10-01', '2026-10-02'],
      makeUpWorkdays: ['2026-10-10'],
      reminderTime: '09:30',
    };
    const saved = await put(officer, zoneId, { settings: changed, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ regionId: zoneId, settings: changed, isDefault: false, version: 1 });
    expect(saved.body.updatedAt).toEqual(expect.any(String));
    expect((await service.settingsFor(zonePath)).followUpDays).toBe(5);
    expect((await officer.get(`/api/settings/reminders/${zoneId}`)).body).toEqual(saved.body);

    const [audit] = await t.dataSource.query(
      "SELECT entity_id, region_path, details, actor_username FROM audit_events WHERE action = 'settings.update'",
    );
    expect(audit).toMatchObject({
      entity_id: zoneId,
      region_path: zonePath,
      actor_username: 'bureau.officer',
      details: { fields: ['followUpDays', 'holidays', 'makeUpWorkdays', 'reminderTime'], version: 1 },
    });

    const maintenance = t.app.get<Queue>(getQueueToken(QUEUES.maintenance));
    const job = await maintenance.getJob(`rederive.${zoneId}.1`);
    expect(job).toBeDefined();
    expect(job?.name).toBe(JOBS.remindersRederive);
    expect(job?.data).toEqual({ regionId: zoneId });

    // Someone who read version 0 saves too late: 409, nothing changes.
    const stale = await put(officer, zoneId, { settings: caseSettings(), version: 0 });
    expect(stale.status).toBe(409);
    const staleUpdate = await put(officer, zoneId, { settings: caseSettings(), version: 7 });
    expect(staleUpdate.status).toBe(409);
    expect((await officer.get(`/api/settings/reminders/${zoneId}`)).body.settings.followUpDays).toBe(5);

    const admin = await t.as('admin');
    const again = await put(admin, zoneId, { settings: caseSettings(), version: 1 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 2, isDefault: false, settings: caseSettings() });
    expect((await service.settingsFor(zonePath)).followUpDays).toBe(7);
    expect(await maintenance.getJob(`rederive.${zoneId}.2`)).toBeDefined();
    const audits = await t.dataSource.query("SELECT 1 FROM audit_events WHERE action = 'settings.update'");
    expect(audits).toHaveLength(2);
  });
  it("moves an open case's pending due date when the county's rules change", async () => {
    const [student]: { id: string }[] = await t.dataSource.query(
      `SELECT s.id FROM students s WHERE s.region_path LIKE $1
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
        ORDER BY s.id LIMIT 1`,
      [`${zonePath}%`],
    );
    const opened = await officer.post('/api/cases', {
      studentId: student.id,
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'family_hardship',
    });
    expect(opened.status).toBe(201);
    const verificationDue = async (): Promise<string[]> =>
      (
        await t.dataSource.query(
          "SELECT due_on::text FROM due_items WHERE case_id = $1 AND kind = 'verification' AND status = 'pending'",
          [opened.body.id],
        )
      ).map((r: { due_on: string }) => r.due_on);
    const current = (await officer.get(`/api/settings/reminders/${zoneId}`)).body;
    const reportedOn = chinaToday(t.clock.now());
    expect(await verificationDue()).toEqual([
      addWorkingDays(reportedOn, current.settings.verificationWorkingDays, current.settings),
    ]);

    const longer = { ...current.settings, verificationWorkingDays: 10 };
    const saved = await put(officer, zoneId, { settings: longer, version: current.version });
    expect(saved.status).toBe(200);
    const expected = addWorkingDays(reportedOn, 10, longer);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await verificationDue()).join() !== expected)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await verificationDue()).toEqual([expected]);
  });
});
