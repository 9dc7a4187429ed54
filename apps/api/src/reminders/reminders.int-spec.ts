import { randomUUID } from 'node:crypto';
import { caseSettings, chinaToday, stageFiresAt } from '@baoxue/domain';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { getQueueToken } from '@nestjs/bullmq';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';
import { dueJobId, QUEUES } from '../queues/queue-names';
import { RederiveHandler } from './rederive.handler';
import { ReminderFireHandler } from './reminder-fire.handler';
import { ReminderSweep } from './reminder-sweep';

const MINUTE_MS = 60_000;
const settings = caseSettings();

interface ItemRow {
  id: string;
  key: string;
  kind: string;
  due_on: string;
  status: string;
  next_stage: string | null;
}

/**
 * Reminders and escalation end to end: cases changed through the HTTP API, the worker
 * firing jobs from real Redis into real PostgreSQL, time moved by the shared clock.
 */
describe('reminders', () => {
  let t: TestApp;
  let queue: Queue;
  let sweep: ReminderSweep;
  let villagePath: string;
  let teacherSchoolId: string;
  const ids = new Map<string, string>();
  const used: string[] = [];

  /** A fresh sign-in each time: moving the clock by days expires sessions. */
  const as = async (username: string): Promise<TestClient> => {
    const client = t.client();
    await client.login(username);
    return client;
  };
  const userId = (username: string): string => ids.get(username)!;

  /** Polls `check` until it returns a value other than undefined (or fails after a while). */
  const waitFor = async <T>(what: string, check: () => Promise<T | undefined>, ms = 15_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const items = async (caseId: string): Promise<ItemRow[]> =>
    t.dataSource.query(
      `SELECT id, key, kind, due_on::text AS due_on, status, next_stage FROM due_items
       WHERE case_id = $1 ORDER BY created_at, key`,
      [caseId],
    );
  const pendingItem = async (caseId: string, kind: string): Promise<ItemRow> => {
    const found = (await items(caseId)).filter((item) => item.kind === kind && item.status === 'pending');
    expect(found).toHaveLength(1);
    return found[0];
  };
  /** Usernames of the notifications of an item's stage, sorted (one entry per notification). */
  const notified = async (itemId: string, stage: string): Promise<string[]> =>
    (
      await t.dataSource.query(
        `SELECT u.username FROM notifications n JOIN users u ON u.id = n.recipient_user_id
         WHERE n.due_item_id = $1 AND n.stage = $2 ORDER BY u.username`,
        [itemId, stage],
      )
    ).map((row: { username: string }) => row.username);
  const notificationCount = async (caseId: string): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE case_id = $1', [caseId]))[0]
      .n;

  /** Moves the shared clock to `at` (never back) and runs the sweep, which promotes what is due. */
  const moveTo = async (at: Date): Promise<void> => {
    const ms = at.getTime() - t.clock.now().getTime();
    if (ms > 0) t.clock.advance(ms);
    await sweep.run();
  };
  /** Moves to a stage's time and waits until the worker has fired it. */
  const fireStage = async (item: ItemRow, stage: string, following: string | null): Promise<void> => {
    await moveTo(new Date(stageFiresAt(item.due_on, stage as never, settings).getTime() + MINUTE_MS));
    await waitFor(`${stage} of ${item.key}`, async () => {
      const [row] = await t.dataSource.query('SELECT next_stage FROM due_items WHERE id = $1', [item.id]);
      return row.next_stage === following ? true : undefined;
    });
  };

  /** A child of village.official's village at school.teacher's school, with no case yet. */
  const student = async (): Promise<string> => {
    const [row] = await t.dataSource.query(
      `SELECT s.id FROM students s WHERE s.region_path = $1 AND s.school_id = $2
         AND EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
         AND NOT (s.id = ANY($3)) ORDER BY s.id LIMIT 1`,
      [villagePath, teacherSchoolId, used],
    );
    used.push(row.id);
    return row.id;
  };

  /** Opened by the bureau: village.official is named automatically (the child's village). */
  const openCase = async (): Promise<string> => {
    const response = await (
      await as('bureau.officer')
    ).post('/api/cases', {
      studentId: await student(),
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'family_hardship',
    });
    expect(response.status).toBe(201);
    return response.body.id;
  };

  /** A persuading case whose responsible persons are village.official and school.teacher. */
  const persuadingCase = async (): Promise<string> => {
    const officer = await as('bureau.officer');
    const id = await openCase();
    expect(
      (await officer.post(`/api/cases/${id}/transitions/start_verification`, { version: 1 })).status,
    ).toBe(200);
    const teacher = await officer.post(`/api/cases/${id}/responsibles`, {
      name: '李老师',
      party: 'school',
      line: 'education',
      level: 'class',
      userId: userId('school.teacher'),
    });
    expect(teacher.status).toBe(201);
    const confirmed = await officer.post(`/api/cases/${id}/transitions/confirm_dropout`, { version: 2 });
    expect(confirmed.status).toBe(200);
    expect(
      (
        await t.dataSource.query(
          'SELECT username FROM case_responsibles r JOIN users u ON u.id = r.user_id WHERE case_id = $1 ORDER BY username',
          [id],
        )
      ).map((row: { username: string }) => row.username),
    ).toEqual(['school.teacher', 'village.official']);
    return id;
  };

  const intervention = (occurredOn: string, nextFollowUpOn: string) => ({
    clientId: randomUUID(),
    kind: 'home_visit',
    occurredOn,
    peoplePresent: '村主任、班主任、父亲',
    outcome: 'willing_to_return',
    notes: '家长同意送孩子返校',
    nextFollowUpOn,
  });

  const jobOf = (item: ItemRow) => queue.getJob(dueJobId(item.id, item.next_stage!));

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    queue = t.worker!.get<Queue>(getQueueToken(QUEUES.reminders), { strict: false });
    sweep = t.worker!.get(ReminderSweep);
    for (const row of await t.dataSource.query('SELECT id, username FROM users'))
      ids.set(row.username, row.id);
    villagePath = (
      await t.dataSource.query("SELECT scope_path FROM users WHERE username = 'village.official'")
    )[0].scope_path;
    teacherSchoolId = (
      await t.dataSource.query("SELECT scope_school_id FROM users WHERE username = 'school.teacher'")
    )[0].scope_school_id;
  });
  afterAll(() => t?.close());

  it('derives a verification item when a case opens and schedules its job', async () => {
    const id = await openCase();
    const item = await pendingItem(id, 'verification');
    expect(item.next_stage).toBe('due');
    expect(await jobOf(item)).toBeTruthy();
  });

  it('reminds each responsible person once when the follow-up is due, escalates along each line, and stops once done', async () => {
    const id = await persuadingCase();
    // Verification is over: its item is done and its job gone.
    const verification = (await items(id)).find((item) => item.kind === 'verification')!;
    expect(verification.status).toBe('done');
    expect(await queue.getJob(dueJobId(verification.id, 'due'))).toBeUndefined();

    const followUp = await pendingItem(id, 'follow_up');
    expect(followUp.due_on).toBe(
      chinaToday(new Date(t.clock.now().getTime() + settings.followUpDays * 24 * 3600 * 1000)),
    );
    expect(await jobOf(followUp)).toBeTruthy();

    await fireStage(followUp, 'due', 'next_level');
    expect(await notified(followUp.id, 'due')).toEqual(['school.teacher', 'village.official']);
    const [due] = await t.dataSource.query(
      "SELECT kind, title, body, link FROM notifications WHERE due_item_id = $1 AND stage = 'due' LIMIT 1",
      [followUp.id],
    );
    expect(due.kind).toBe('reminder');
    expect(due.title).toMatch(/^【到期提醒】劝返跟进：\p{Script=Han}\*$/u);
    expect(due.link).toBe(`/cases/${id}`);

    await fireStage(followUp, 'next_level', 'second_level');
    expect(await notified(followUp.id, 'next_level')).toEqual(['school.principal', 'town.official']);
    const [escalation] = await t.dataSource.query(
      `SELECT n.kind, n.title, n.body FROM notifications n JOIN users u ON u.id = n.recipient_user_id
       WHERE n.due_item_id = $1 AND n.stage = 'next_level' AND u.username = 'town.official'`,
      [followUp.id],
    );
    expect(escalation.kind).toBe('escalation');
    expect(escalation.title).toMatch(/^【逾期2天】劝返跟进：\p{Script=Han}\*$/u);
    expect(escalation.body).toContain(`应于${followUp.due_on}完成，已逾期2天`);
    expect(escalation.body).toContain('（村级）');
    expect(escalation.body).toContain('李老师（班级/教师）');
    expect(escalation.body).toContain('现上报至乡镇级');

    await fireStage(followUp, 'second_level', 'bureau_leader');
    expect(await notified(followUp.id, 'second_level')).toEqual(['bureau.officer', 'county.official']);

    // Someone acts: the follow-up is done and nothing more goes out for it.
    const today = chinaToday(t.clock.now());
    const recorded = await (
      await as('village.official')
    ).post(
      `/api/cases/${id}/interventions`,
      intervention(today, chinaToday(new Date(t.clock.now().getTime() + 5 * 24 * 3600 * 1000))),
    );
    expect(recorded.status).toBe(201);
    const [after] = await t.dataSource.query('SELECT status, next_stage FROM due_items WHERE id = $1', [
      followUp.id,
    ]);
    expect(after).toEqual({ status: 'done', next_stage: null });
    expect(await queue.getJob(dueJobId(followUp.id, 'bureau_leader'))).toBeUndefined();
    const before = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM notifications WHERE due_item_id = $1',
      [followUp.id],
    );
    await moveTo(new Date(stageFiresAt(followUp.due_on, 'bureau_leader', settings).getTime() + MINUTE_MS));
    expect(await notified(followUp.id, 'bureau_leader')).toEqual([]);
    expect(
      await t.dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE due_item_id = $1', [
        followUp.id,
      ]),
    ).toEqual(before);
    // The new follow-up took its place, with its job.
    const next = await pendingItem(id, 'follow_up');
    expect(next.id).not.toBe(followUp.id);
  }, 60_000);
  it('sends nothing for a case closed or moved on before the due time, and drops its jobs', async () => {
    // Excluded during verification: the verification item is cancelled.
    const officer = await as('bureau.officer');
    const excluded = await openCase();
    const verification = await pendingItem(excluded, 'verification');
    expect(await jobOf(verification)).toBeTruthy();
    expect(
      (await officer.post(`/api/cases/${excluded}/transitions/start_verification`, { version: 1 })).status,
    ).toBe(200);
    const exclusion = await officer.post(`/api/cases/${excluded}/transitions/exclude`, {
      version: 2,
      exclusionReason: 'studying_elsewhere',
      evidenceNote: '在外省学校就读，已核实学籍',
    });
    expect(exclusion.status).toBe(200);
    expect((await items(excluded)).map((item) => item.status)).toEqual(['cancelled']);
    expect(await queue.getJob(dueJobId(verification.id, 'due'))).toBeUndefined();

    // Persuading: an intervention moves the follow-up later; the old item is done, its job gone.
    const moved = await persuadingCase();
    const followUp = await pendingItem(moved, 'follow_up');
    const later = chinaToday(new Date(t.clock.now().getTime() + 30 * 24 * 3600 * 1000));
    const recorded = await (
      await as('village.official')
    ).post(`/api/cases/${moved}/interventions`, intervention(chinaToday(t.clock.now()), later));
    expect(recorded.status).toBe(201);
    expect((await items(moved)).find((item) => item.id === followUp.id)?.status).toBe('done');
    expect(await queue.getJob(dueJobId(followUp.id, 'due'))).toBeUndefined();
    const replacement = await pendingItem(moved, 'follow_up');
    expect(replacement.due_on).toBe(later);
    expect(await jobOf(replacement)).toBeTruthy();

    // Past both original due days (and their first escalation): no notification for either case.
    await moveTo(new Date(stageFiresAt(followUp.due_on, 'next_level', settings).getTime() + MINUTE_MS));
    expect(await notificationCount(excluded)).toBe(0);
    expect(await notificationCount(moved)).toBe(0);
  }, 60_000);

  it('re-creates every pending job after Redis lost its data, and each still fires once', async () => {
    const id = await persuadingCase();
    const followUp = await pendingItem(id, 'follow_up');
    // Every key of this test's prefix, as FLUSHDB would (other test files share the db).
    const redis = new Redis(t.config.REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.config.REDIS_PREFIX}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    expect(await jobOf(followUp)).toBeUndefined();

    const result = await sweep.run();
    const pending: ItemRow[] = await t.dataSource.query(
      "SELECT id, key, kind, due_on::text AS due_on, status, next_stage FROM due_items WHERE status = 'pending' AND next_stage IS NOT NULL",
    );
    expect(pending.length).toBeGreaterThan(0);
    expect(result.scheduled).toBe(pending.length);
    for (const item of pending) expect(await jobOf(item)).toBeTruthy();

    await fireStage(followUp, 'due', 'next_level');
    expect(await notified(followUp.id, 'due')).toEqual(['school.teacher', 'village.official']);
    // Another sweep re-adds nothing already fired.
    await sweep.run();
    expect(await notified(followUp.id, 'due')).toEqual(['school.teacher', 'village.official']);
  }, 60_000);

  it('creates nothing on a second sweep, and drops a stale job', async () => {
    const id = await persuadingCase();
    const followUp = await pendingItem(id, 'follow_up');
    await sweep.run();
    const stale = dueJobId(followUp.id, 'bureau_leader');
    await queue.add(
      'reminder.fire',
      { dueItemId: followUp.id, stage: 'bureau_leader' },
      { jobId: stale, delay: 3_600_000 },
    );
    const orphan = dueJobId(randomUUID(), 'due');
    await queue.add(
      'reminder.fire',
      { dueItemId: orphan, stage: 'due' },
      { jobId: orphan, delay: 3_600_000 },
    );
    const items = await t.dataSource.query('SELECT count(*)::int AS n FROM due_items');

    const second = await sweep.run();
    expect(second).toMatchObject({ scheduled: 0, created: 0, removed: 2, skipped: false });
    expect(await queue.getJob(stale)).toBeUndefined();
    expect(await queue.getJob(orphan)).toBeUndefined();
    expect(await jobOf(followUp)).toBeTruthy();
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM due_items')).toEqual(items);
    expect(await sweep.run()).toMatchObject({ scheduled: 0, created: 0, removed: 0, promoted: 0 });
  }, 60_000);

  it('creates every school its report item for the month once, reminding its head when due', async () => {
    await sweep.run();
    const period = chinaToday(t.clock.now()).slice(0, 7);
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM organisations WHERE type = 'school') AS schools,
              (SELECT count(*)::int FROM due_items WHERE kind = 'school_report' AND ref = $1) AS items`,
      [period],
    );
    expect(counts.items).toBe(counts.schools);
    const [item]: ItemRow[] = await t.dataSource.query(
      `SELECT id, key, kind, due_on::text AS due_on, status, next_stage FROM due_items
       WHERE kind = 'school_report' AND school_id = $1 AND ref = $2`,
      [teacherSchoolId, period],
    );
    expect(item).toMatchObject({ due_on: `${period}-${settings.schoolMonthlyReportDay}`, status: 'pending' });
    expect((await sweep.run()).created).toBe(0);
    await fireStage(item, 'due', 'next_level');
    expect(await notified(item.id, 'due')).toEqual(['school.principal']);
    const [note] = await t.dataSource.query('SELECT link, title FROM notifications WHERE due_item_id = $1', [
      item.id,
    ]);
    expect(note.link).toBe('/work');
    expect(note.title).toContain(`学校月报`);
  }, 60_000);
  it('holds a job that Redis runs before our due time, and a retry of a fired stage only re-queues', async () => {
    const id = await persuadingCase();
    const followUp = await pendingItem(id, 'follow_up');
    // Run now, days early: the same job goes back to waiting, nothing is sent.
    const jobId = dueJobId(followUp.id, 'due');
    await queue.remove(jobId);
    await queue.add('reminder.fire', { dueItemId: followUp.id, stage: 'due' }, { jobId });
    await waitFor('the early job to be delayed again', async () =>
      (await (await queue.getJob(jobId))?.getState()) === 'delayed' ? true : undefined,
    );
    expect(await notified(followUp.id, 'due')).toEqual([]);

    await fireStage(followUp, 'due', 'next_level');
    // A second run of the fired stage (as after a crash between commit and acknowledgement).
    await queue.remove(dueJobId(followUp.id, 'next_level'));
    const handler = t.worker!.get(ReminderFireHandler);
    const run = (attemptsStarted: number): Promise<string> =>
      handler.handle({ data: { dueItemId: followUp.id, stage: 'due' }, attemptsStarted } as never);
    // A first start finds the stage fired by another job's batch, which queues what follows.
    expect(await run(1)).toBe('stale');
    expect(await queue.getJob(dueJobId(followUp.id, 'next_level'))).toBeUndefined();
    expect(await run(2)).toBe('stale');
    expect(await notified(followUp.id, 'due')).toEqual(['school.teacher', 'village.official']);
    expect(await queue.getJob(dueJobId(followUp.id, 'next_level'))).toBeTruthy();
  }, 60_000);

  it('fires the items due at the same stage and instant in one job, and their own jobs find them fired', async () => {
    const caseIds = [await persuadingCase(), await persuadingCase(), await persuadingCase()];
    const followUps = await Promise.all(caseIds.map((id) => pendingItem(id, 'follow_up')));
    expect(new Set(followUps.map((item) => item.due_on)).size).toBe(1);
    const [first, ...rest] = [...followUps].sort((a, b) => (a.id < b.id ? -1 : 1));
    // Past the due time by our clock only, the queue paused (a periodic sweep may promote the
    // jobs meanwhile): the test runs the jobs itself.
    await queue.pause();
    try {
      const at = stageFiresAt(first.due_on, 'due', settings).getTime() + MINUTE_MS;
      t.clock.advance(at - t.clock.now().getTime());
      const handler = t.worker!.get(ReminderFireHandler);
      const run = (item: ItemRow): Promise<string> =>
        handler.handle({ data: { dueItemId: item.id, stage: 'due' }, attemptsStarted: 1 } as never);

      expect(await run(first)).toMatch(/^fired \d+ to \d+$/);
      for (const item of followUps) {
        const [row] = await t.dataSource.query('SELECT next_stage FROM due_items WHERE id = $1', [item.id]);
        expect(row.next_stage).toBe('next_level');
        expect(await notified(item.id, 'due')).toEqual(['school.teacher', 'village.official']);
        expect(await queue.getJob(dueJobId(item.id, 'next_level'))).toBeTruthy();
      }
      const stored = await Promise.all(caseIds.map(notificationCount));
      for (const item of rest) expect(await run(item)).toBe('stale');
      expect(await Promise.all(caseIds.map(notificationCount))).toEqual(stored);
    } finally {
      await queue.resume();
    }
  }, 60_000);

  it('re-derives a county’s open cases with its new rules', async () => {
    const id = await persuadingCase();
    const before = await pendingItem(id, 'follow_up');
    const [county] = await t.dataSource.query(
      "SELECT r.id FROM regions r WHERE r.kind IN ('county', 'zone') AND starts_with($1, r.path) ORDER BY r.depth DESC LIMIT 1",
      [villagePath],
    );
    await t.dataSource.query(
      `INSERT INTO county_settings (region_id, settings) VALUES ($1, $2)
       ON CONFLICT (region_id) DO UPDATE SET settings = EXCLUDED.settings`,
      [county.id, { followUpDays: settings.followUpDays + 3 }],
    );
    const result = await t.worker!.get(RederiveHandler).run(county.id);
    expect(result.cases).toBeGreaterThan(0);
    const after = await pendingItem(id, 'follow_up');
    expect(after.id).not.toBe(before.id);
    expect(Date.parse(after.due_on) - Date.parse(before.due_on)).toBe(3 * 24 * 3600 * 1000);
    expect(await queue.getJob(dueJobId(before.id, 'due'))).toBeUndefined();
    expect(await jobOf(after)).toBeTruthy();
    await t.dataSource.query('DELETE FROM county_settings WHERE region_id = $1', [county.id]);
    await t.worker!.get(RederiveHandler).run(county.id);
  }, 60_000);
});
