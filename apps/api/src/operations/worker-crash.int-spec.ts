import { chinaToday } from '@baoxue/domain';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { openBareCase } from '../../test/bare-case';
import { createTestApp, TestApp } from '../../test/test-app';
import { FAULT_POINTS } from '../common/test-faults';
import { QUEUES } from '../queues/queue-names';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { waitFor } from './wait-for';
import { WorkerProcess } from './worker-process';

const VILLAGE = '/37/3708/Z370800001/370829104/370829104209/';

/**
 * The worker as a real process, killed in the middle of a reminder job (before and after the
 * reminder's commit) and restarted: the reminder is stored exactly once, and the item moves on.
 */
describe('worker process: crash in a reminder job, graceful shutdown', () => {
  let t: TestApp;
  let worker: WorkerProcess | null = null;
  let villageOfficial: string;

  /** A follow-up due now with village.official responsible, its `due` job queued. */
  const dueFollowUp = async (): Promise<string> => {
    const { id: caseId } = await openBareCase(t, 's.region_path = $1', [VILLAGE]);
    await t.dataSource.query(
      `INSERT INTO case_responsibles (case_id, user_id, name, party, line, level, active)
       VALUES ($1, $2, '负责人', 'village', 'government', 'village', true)`,
      [caseId, villageOfficial],
    );
    const today = chinaToday(t.clock.now());
    const fireAt = new Date(t.clock.now().getTime() - 60_000);
    const [item]: { id: string }[] = await t.dataSource.query(
      `INSERT INTO due_items (key, kind, ref, due_on, region_path, status, next_stage, next_fire_at, case_id)
       VALUES ($1, 'follow_up', $2, $3::date, $4, 'pending', 'due', $5, $6) RETURNING id`,
      [`crash:${caseId}`, today, today, VILLAGE, fireAt, caseId],
    );
    await t.app.get(ReminderScheduler).schedule([{ id: item.id, nextStage: 'due', nextFireAt: fireAt }]);
    return item.id;
  };

  const dueNotifications = (itemId: string): Promise<{ recipient_user_id: string }[]> =>
    t.dataSource.query(
      `SELECT recipient_user_id FROM notifications WHERE due_item_id = $1 AND stage = 'due'`,
      [itemId],
    );

  const nextStage = async (itemId: string): Promise<string | null> =>
    (await t.dataSource.query('SELECT next_stage FROM due_items WHERE id = $1', [itemId]))[0].next_stage;

  beforeAll(async () => {
    t = await createTestApp();
    villageOfficial = (
      await t.dataSource.query("SELECT id FROM users WHERE username = 'village.official'")
    )[0].id;
    // Only this test's items fire: the fault ends the process at the first reminder job.
    await t.dataSource.query('DELETE FROM due_items');
  });

  afterEach(async () => {
    await worker?.kill();
    worker = null;
  });

  afterAll(async () => {
    await t?.close();
  });

  for (const fault of [FAULT_POINTS.exitAfterReminderCommit, FAULT_POINTS.exitBeforeReminderCommit]) {
    it(`delivers the reminder exactly once when the worker dies (${fault}) and restarts`, async () => {
      const itemId = await dueFollowUp();
      worker = WorkerProcess.start(t.config, { TEST_FAULTS: fault, WORKER_LOCK_MS: '1000' });
      const exit = await Promise.race([
        worker.exited,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no crash:\n${worker?.log}`)), 120_000),
        ),
      ]);
      expect(exit.code).toBe(70);
      expect((await dueNotifications(itemId)).length).toBe(
        fault === FAULT_POINTS.exitAfterReminderCommit ? 1 : 0,
      );

      worker = WorkerProcess.start(t.config, { WORKER_LOCK_MS: '1000' });
      await worker.ready();
      await waitFor(
        async () => (await nextStage(itemId)) === 'next_level',
        'the item at its next stage',
        60_000,
      );
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.reminders), { strict: false });
      // The crashed job is finished (not waiting, active or failed) before counting.
      await waitFor(
        async () => (await queue.getJobCounts('active', 'wait', 'failed'))['active'] === 0,
        'no reminder job in flight',
      );
      expect((await queue.getJobCounts('failed'))['failed']).toBe(0);
      expect(await dueNotifications(itemId)).toEqual([{ recipient_user_id: villageOfficial }]);

      expect(await worker.stop()).toEqual({ code: 0, signal: null });
      worker = null;
    });
  }

  it('on SIGTERM stops taking jobs, leaves nothing active and exits 0', async () => {
    worker = WorkerProcess.start(t.config, { WORKER_LOCK_MS: '1000' });
    await worker.ready();
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.reminders), { strict: false });
    await waitFor(async () => (await queue.getWorkers()).length > 0, 'the worker registered on the queue');
    const itemId = await dueFollowUp();
    // SIGTERM as soon as its job is taken or done: either way it must complete, not be cut off.
    await waitFor(async () => (await queue.getJobCounts('wait', 'delayed'))['wait'] === 0, 'job taken');
    expect(await worker.stop()).toEqual({ code: 0, signal: null });
    worker = null;
    expect(await nextStage(itemId)).toBe('next_level');
    expect((await queue.getJobCounts('active'))['active']).toBe(0);
    expect(await queue.getWorkers()).toEqual([]);
  });
});
