import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '../queues/queue-names';
import type { TestApp } from '../../test/test-app';

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
async function eventually<T>(check: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** With TEST_CLOCK=true a browser test can run the reminders sweep now, in the worker. */
describe('test reminders sweep, enabled', () => {
  let t: TestApp;
  let maintenance: Queue;

  beforeAll(async () => {
    // AppModule decides at load time, so the flag is set before the app's modules load.
    process.env['TEST_CLOCK'] = 'true';
    const { createTestApp } = await import('../../test/test-app');
    t = await createTestApp({ worker: true, env: { TEST_CLOCK: 'true' } });
    maintenance = t.app.get<Queue>(getQueueToken(QUEUES.maintenance));
  });
  afterAll(async () => {
    delete process.env['TEST_CLOCK'];
    await t.close();
  });

  it('queues a sweep with an id of its own each time, which the worker runs to completion', async () => {
    const first = await t.client().post('/api/testing/reminders/sweep', {});
    const second = await t.client().post('/api/testing/reminders/sweep', {});
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.jobId).toMatch(/^sweep\.test\./);
    expect(second.body.jobId).not.toBe(first.body.jobId);

    for (const jobId of [first.body.jobId as string, second.body.jobId as string]) {
      const job = await eventually(async () => {
        const found = await maintenance.getJob(jobId);
        return found && (await found.isCompleted()) ? found : null;
      });
      expect(job.name).toBe(JOBS.remindersSweep);
    }
  });
});
