import { Queue, Worker } from 'bullmq';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { createTestApp, TestApp } from '../../test/test-app';
import { bullConnection, bullPrefix } from '../queues/bull-connection';
import { QUEUES } from '../queues/queue-names';
import { waitFor } from './wait-for';

describe('queue board (bull-board at /admin/queues)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses anyone not signed in with 401, on the page and on its API', async () => {
    const anonymous = t.client();
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/css/x.css']) {
      const response = await anonymous.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
      expect(response.body).toMatchObject({ statusCode: 401, code: 'auth.required' });
    }
  });

  it('refuses every role but admin with 403', async () => {
    for (const username of ['bureau.officer', 'county.official']) {
      const client = await t.as(username);
      const page = await client.get('/admin/queues');
      expect({ username, status: page.status }).toEqual({ username, status: 403 });
      expect((await client.get('/admin/queues/api/queues')).status).toBe(403);
    }
  });

  it('shows the admin the board and all three queues', async () => {
    const admin = await t.as('admin');
    const page = await admin.get('/admin/queues');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const queues = await admin.get<{ queues: { name: string }[] }>('/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((queue) => queue.name).sort()).toEqual(Object.values(QUEUES).sort());
  });

  it('keeps a failed job and lets the admin retry it from the board', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.notifications), { strict: false });
    const jobId = 'board-test';
    await queue.add('delivery.send', { deliveryId: 'board-test' }, { attempts: 1, jobId });
    // A throwaway worker that fails every job it takes, so the job lands in `failed`.
    const failing = new Worker(
      QUEUES.notifications,
      async () => {
        throw new Error('receiver down');
      },
      { connection: bullConnection(t.config), prefix: bullPrefix(t.config) },
    );
    try {
      await waitFor(async () => (await queue.getJobState(jobId)) === 'failed', 'job failed');
    } finally {
      await failing.close();
    }

    const admin = await t.as('admin');
    const failed = await admin.get<{ queues: { name: string; jobs: { id: string }[] }[] }>(
      `/admin/queues/api/queues?activeQueue=${QUEUES.notifications}&status=failed`,
    );
    const listed = failed.body.queues.find((q) => q.name === QUEUES.notifications);
    expect(listed?.jobs.map((j) => j.id)).toContain(jobId);

    expect(
      (
        await (
          await t.as('bureau.officer')
        ).request('PUT', `/admin/queues/api/queues/${QUEUES.notifications}/${jobId}/retry`)
      ).status,
    ).toBe(403);
    expect(await queue.getJobState(jobId)).toBe('failed');

    const retry = await admin.request(
      'PUT',
      `/admin/queues/api/queues/${QUEUES.notifications}/${jobId}/retry`,
    );
    expect(retry.status).toBe(204);
    expect(await queue.getJobState(jobId)).toBe('waiting');
    await queue.remove(jobId);
  });
});

describe('queue board beside the web app', () => {
  let t: TestApp;
  let webDist: string;

  beforeAll(async () => {
    // A web build of its own: the board and the web app's static files both decorate sendFile.
    webDist = await mkdtemp(join(tmpdir(), 'bx-web-'));
    await writeFile(join(webDist, 'index.html'), '<!doctype html><title>Baoxue</title>');
    t = await createTestApp({ env: { WEB_DIST: webDist } });
  });

  afterAll(async () => {
    await t?.close();
    await rm(webDist, { recursive: true, force: true });
  });

  it('serves both: the board to the admin, the web app and its routes to everyone', async () => {
    expect((await (await t.as('admin')).get('/admin/queues')).status).toBe(200);
    expect((await t.client().get('/admin/queues')).status).toBe(401);
    const app = await t.client().get('/work');
    expect(app.status).toBe(200);
    expect(app.body).toContain('<title>Baoxue</title>');
  });
});
