import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { createTestApp, TestApp } from '../../test/test-app';
import { AppConfig } from '../config/app-config';
import { JOBS, QUEUES } from '../queues/queue-names';
import { DigestService } from '../reminders/digest.service';
import { WorkerModule } from '../worker.module';
import { waitFor } from './wait-for';

describe('worker start-up checks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses to start when a job name has no handler, naming the job', async () => {
    // The whole worker module, with the digest's service (the only handler of digest.send) left out.
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(AppConfig)
      .useValue(t.config)
      .overrideProvider(DigestService)
      .useValue({})
      .compile();
    moduleRef.useLogger(false);
    try {
      await expect(moduleRef.init()).rejects.toThrow(`no handler for job(s): ${JOBS.digestSend}`);
      // It failed before taking any job: no worker is registered on any queue.
      for (const name of Object.values(QUEUES)) {
        const queue = t.app.get<Queue>(getQueueToken(name), { strict: false });
        expect({ name, workers: (await queue.getWorkers()).length }).toEqual({ name, workers: 0 });
      }
    } finally {
      // close() first awaits the failed start and re-throws it; forget it, so every shutdown hook runs.
      (moduleRef as unknown as { initializationPromise?: Promise<void> }).initializationPromise = undefined;
      await moduleRef.close();
    }
  });

  it('starts with every handler registered', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(AppConfig)
      .useValue(t.config)
      .compile();
    moduleRef.useLogger(false);
    try {
      await moduleRef.init();
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.reminders), { strict: false });
      // A BullMQ worker names its connection once connected: then the queue lists it.
      await waitFor(async () => (await queue.getWorkers()).length > 0, 'a worker on the reminders queue');
    } finally {
      await moduleRef.close();
    }
  });
});
