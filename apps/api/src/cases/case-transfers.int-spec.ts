import { randomUUID } from 'node:crypto';
import { chinaToday } from '@baoxue/domain';
import { addJiaxiangBureau, JIAXIANG_OFFICER } from '../../test/jiaxiang-bureau';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';

const TUANLI = '%/370829104/%';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Transfers between regions (跨区域转出/接收) through the real API and PostgreSQL. */
describe('case transfers', () => {
  let t: TestApp;
  /** A bureau officer of 嘉祥县: the receiving region (the demo data has one zone only). */
  let receiver: TestClient;
  let jiaxiang: { id: string; path: string };
  let zoneId: string;
  const used: string[] = [];

  const as = (username: string): Promise<TestClient> => t.as(username);
  const regionId = async (code: string): Promise<string> =>
    (await t.dataSource.query('SELECT id FROM regions WHERE code = $1', [code]))[0].id;

  /** An open case of a 疃里镇 child who attends a school in the zone. */
  const openCase = async (): Promise<{ id: string; studentId: string }> => {
    const [row] = await t.dataSource.query(
      // Not of village.official's village, where opening names that official automatically.
      `SELECT s.id FROM students s WHERE s.region_path LIKE $1 AND s.school_region_path LIKE $1
         AND s.region_path <> (SELECT scope_path FROM users WHERE username = 'village.official')
         AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
         AND NOT (s.id = ANY($2)) ORDER BY s.id LIMIT 1`,
      [TUANLI, used],
    );
    used.push(row.id);
    const response = await (
      await as('bureau.officer')
    ).post('/api/cases', {
      studentId: row.id,
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'working_away',
      whereabouts: '随父母迁居嘉祥县城',
    });
    expect(response.status).toBe(201);
    return { id: response.body.id, studentId: row.id };
  };

  const offer = async (caseId: string, body: Record<string, unknown> = {}, by = 'bureau.officer') =>
    (await as(by)).post(`/api/cases/${caseId}/transfers`, {
      toRegionId: jiaxiang.id,
      reason: '随父母迁居嘉祥县',
      ...body,
    });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    zoneId = (await t.dataSource.query("SELECT id FROM regions WHERE kind = 'zone'"))[0].id;
    jiaxiang = await addJiaxiangBureau(t);
    receiver = t.client();
    await receiver.login(JIAXIANG_OFFICER.username, JIAXIANG_OFFICER.password);
  });
  afterAll(() => t.close());

  it('offers only to another county-level region, with a reason, by a bureau officer', async () => {
    const { id } = await openCase();
    for (const [toRegionId, rule] of [
      [await regionId('370829104'), 'countyLevel'],
      [zoneId, 'otherCounty'],
    ]) {
      const refused = await offer(id, { toRegionId });
      expect(refused.status).toBe(400);
      expect(refused.body.details[0]).toMatchObject({ field: 'toRegionId', rule });
    }
    const noReason = await offer(id, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0]).toMatchObject({ field: 'reason', rule: 'required' });
    expect((await offer(id, { toRegionId: randomUUID() })).body.details[0]).toMatchObject({
      field: 'toRegionId',
      rule: 'exists',
    });
    for (const username of ['town.official', 'bureau.leader', 'school.teacher']) {
      expect((await offer(id, {}, username)).status).toBe(403);
    }
    // Outside the sender's scope the case answers like a missing one.
    expect(
      (await receiver.post(`/api/cases/${id}/transfers`, { toRegionId: zoneId, reason: 'x' })).status,
    ).toBe(404);
    expect(await count('case_transfers WHERE case_id = $1', [id])).toBe(0);

    const offered = await offer(id);
    expect(offered.status).toBe(201);
    expect(offered.body).toMatchObject({
      caseId: id,
      status: 'offered',
      fromRegion: { id: zoneId, kind: 'zone' },
      toRegion: { id: jiaxiang.id, code: '370829', kind: 'county' },
      reason: '随父母迁居嘉祥县',
      version: 1,
    });
    const again = await offer(id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('transfer.illegal');
    expect((await (await as('bureau.officer')).get(`/api/cases/${id}/transfers`)).body).toEqual([
      offered.body,
    ]);
  });

  it('keeps one pending offer per case when two are sent at once', async () => {
    const { id } = await openCase();
    const responses = await Promise.all([offer(id), offer(id), offer(id)]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await count("case_transfers WHERE case_id = $1 AND status = 'offered'", [id])).toBe(1);
  });

  it('shows the receiver a masked summary while the case stays with the sender', async () => {
    const { id } = await openCase();
    const transfer = (await offer(id)).body;
    const officer = await as('bureau.officer');
    const before = (await officer.get(`/api/cases/${id}`)).body;

    const incoming = await receiver.get('/api/transfers/incoming?status=offered&pageSize=100');
    expect(incoming.status).toBe(200);
    const item = incoming.body.items.find((i: { id: string }) => i.id === transfer.id);
    expect(item.child.householdPlace).toMatch(/^济宁市济宁经济技术开发区疃里镇/);
    expect(item.child.idNumberMasked ?? '').not.toMatch(/^\d{17}[\dX]$/);
    expect(item.case).toMatchObject({ id, state: before.state, primaryReason: 'working_away' });
    expect(JSON.stringify(incoming.body)).not.toContain('随父母迁居嘉祥县城');
    expect(
      await count("audit_events WHERE action = 'transfer.read' AND details->'transferIds' ? $1", [
        transfer.id,
      ]),
    ).toBe(1);
    // Not the sender's incoming list, and no other role's.
    const zoneIncoming = await officer.get('/api/transfers/incoming?pageSize=100');
    expect(zoneIncoming.body.items.map((i: { id: string }) => i.id)).not.toContain(transfer.id);
    expect((await officer.get(`/api/transfers/${transfer.id}`)).status).toBe(404);
    expect((await officer.post(`/api/transfers/${transfer.id}/accept`, { version: 1 })).status).toBe(404);
    for (const username of ['town.official', 'dept.police', 'admin']) {
      expect((await (await as(username)).get('/api/transfers/incoming')).status).toBe(403);
    }
    // Still the sender's: same state and version, and the receiver cannot open the case yet.
    expect((await receiver.get(`/api/cases/${id}`)).status).toBe(404);
    expect((await officer.get(`/api/cases/${id}`)).body).toMatchObject({
      state: before.state,
      version: before.version,
    });
    const targets = await receiver.get(`/api/transfers/targets?q=${encodeURIComponent('嘉祥')}`);
    expect(targets.body.map((r: { code: string }) => r.code)).toContain('370829');
  });

  it('accepts once under concurrency and moves the case, its child and its history to the receiver', async () => {
    const { id, studentId } = await openCase();
    const officer = await as('bureau.officer');
    // Take it to verifying with a responsible person and a pending follow-up date.
    expect(
      (await officer.post(`/api/cases/${id}/transitions/start_verification`, { version: 1 })).status,
    ).toBe(200);
    expect(
      (
        await officer.post(`/api/cases/${id}/responsibles`, {
          name: '张村主任',
          party: 'village',
          line: 'government',
          level: 'village',
        })
      ).status,
    ).toBe(201);
    const nextFollowUpOn = chinaToday(new Date(Date.now() + 3 * DAY_MS));
    const visit = await officer.post(`/api/cases/${id}/interventions`, {
      clientId: randomUUID(),
      kind: 'home_visit',
      occurredOn: chinaToday(new Date()),
      nextFollowUpOn,
    });
    expect(visit.status).toBe(201);
    const transfer = (await offer(id)).body;

    const stale = await receiver.post(`/api/transfers/${transfer.id}/accept`, { version: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('transfer.stale_version');
    const [a, b] = await Promise.all([
      receiver.post(`/api/transfers/${transfer.id}/accept`, { version: 1 }),
      receiver.post(`/api/transfers/${transfer.id}/accept`, { version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 200 ? a : b).body).toMatchObject({ status: 'accepted', version: 2 });
    expect(await count("case_events WHERE case_id = $1 AND kind = 'transfer'", [id])).toBe(2);

    // The sender loses the case; the receiver has it, in the same state, with its history.
    expect((await officer.get(`/api/cases/${id}`)).status).toBe(404);
    expect((await officer.get(`/api/cases/${id}/transfers`)).status).toBe(404);
    const moved = await receiver.get(`/api/cases/${id}`);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ state: 'verifying', school: null });
    expect(moved.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'transition',
      'responsible_assigned',
      'intervention',
      'transfer',
      'transfer',
    ]);
    expect(moved.body.timeline.at(-1).payload).toMatchObject({
      action: 'accept_transfer',
      toRegionId: jiaxiang.id,
      schoolDropped: true,
      responsiblesStepDown: 1,
    });
    expect(moved.body.responsibles.every((r: { active: boolean }) => !r.active)).toBe(true);
    const interventions = await receiver.get(`/api/cases/${id}/interventions`);
    expect(interventions.body).toEqual([expect.objectContaining({ nextFollowUpOn })]);
    // The child is the receiver's to see now.
    expect((await receiver.get(`/api/students/${studentId}`)).status).toBe(200);
    expect(await t.dataSource.query('SELECT region_path FROM students WHERE id = $1', [studentId])).toEqual([
      { region_path: jiaxiang.path },
    ]);
    // Both sides' audit logs show the move.
    expect(await count("audit_events WHERE entity_id = $1 AND action = 'case.transfer_out'", [id])).toBe(1);
    expect(
      await count("audit_events WHERE entity_id = $1 AND action = 'case.transfer_in' AND region_path = $2", [
        id,
        jiaxiang.path,
      ]),
    ).toBe(1);
    // Deciding again is illegal.
    const again = await receiver.post(`/api/transfers/${transfer.id}/decline`, {
      version: 2,
      reason: '重复',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('transfer.illegal');
  });

  it('declines with a reason: the case stays with the sender, who may offer again', async () => {
    const { id } = await openCase();
    const transfer = (await offer(id)).body;
    const noReason = await receiver.post(`/api/transfers/${transfer.id}/decline`, {
      version: 1,
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0]).toMatchObject({ field: 'reason', rule: 'required' });
    const declined = await receiver.post(`/api/transfers/${transfer.id}/decline`, {
      version: 1,
      reason: '经核实该生户籍不在本县',
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: '经核实该生户籍不在本县' });
    const officer = await as('bureau.officer');
    const detail = await officer.get(`/api/cases/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.timeline.at(-1)).toMatchObject({
      kind: 'transfer',
      payload: { action: 'decline_transfer' },
      comment: '经核实该生户籍不在本县',
    });
    expect((await receiver.get(`/api/cases/${id}`)).status).toBe(404);
    expect((await offer(id)).status).toBe(201);
  });
});
