import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { createTestWorker, TestWorker } from '../../test/test-app';
import { JOBS, QUEUES } from '../queues/queue-names';

describe('the worker: purging expired sessions', () => {
  let w: TestWorker;

  beforeAll(async () => {
    w = await createTestWorker();
  });
  afterAll(() => w.close());

  it('schedules the hourly purge once, however often the worker starts', async () => {
    const queue = w.context.get<Queue>(getQueueToken(QUEUES.maintenance));
    const schedulers = await queue.getJobSchedulers();
    // Each repeatable job once: the purge, the reminders sweep and the digest.
    expect(schedulers.map((s) => s.key).sort()).toEqual(
      [JOBS.purgeExpiredSessions, JOBS.remindersSweep, JOBS.digestSend].sort(),
    );
  });

  it('deletes expired sessions and keeps live ones, through real BullMQ', async () => {
    const [{ id: userId }] = await w.dataSource.query("SELECT id FROM users WHERE username = 'admin'");
    await w.dataSource.query(
      `INSERT INTO sessions (user_id, token_hash, expires_at, last_seen_at)
       VALUES ($1, 'expired', now() - interval '1 hour', now()), ($1, 'live', now() + interval '1 hour', now())`,
      [userId],
    );
    const queue = w.context.get<Queue>(getQueueToken(QUEUES.maintenance));
    const events = new QueueEvents(QUEUES.maintenance, {
      connection: queue.opts.connection,
      prefix: queue.opts.prefix,
    });
    try {
      await events.waitUntilReady();
      const job = await queue.add(JOBS.purgeExpiredSessions, {});
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result).toEqual({ deleted: 1 });
    } finally {
      await events.close();
    }
    const rows: { token_hash: Buffer }[] = await w.dataSource.query('SELECT token_hash FROM sessions');
    expect(rows.map((r) => r.token_hash.toString())).toEqual(['live']);
  });
});
