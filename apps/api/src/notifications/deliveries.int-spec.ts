import { NotificationChannel } from '@baoxue/contracts';
import { getQueueToken } from '@nestjs/bullmq';
import { maskPhone } from '@baoxue/domain';
import { Queue } from 'bullmq';
import { createHmac } from 'node:crypto';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';
import { deliveryJobId, QUEUES } from '../queues/queue-names';
import { NotificationsService } from './notifications.service';
import { NotifyInput } from './notify-input';
import { ROBOT_OK, WebhookReceiver, waitFor } from './webhook-receiver.test';

const PUBLIC_URL = 'https://bx.example.cn';

describe('notification deliveries over webhooks and SMS (real worker, Redis and PostgreSQL)', () => {
  let t: TestApp;
  let officer: TestClient;
  let notifications: NotificationsService;
  const receiver = new WebhookReceiver();
  let keySeq = 0;

  const userOf = async (username: string): Promise<{ id: string; organisationId: string }> => {
    const [row] = await t.dataSource.query(
      'SELECT id, organisation_id AS "organisationId" FROM users WHERE username = $1',
      [username],
    );
    return row;
  };

  const input = (recipientUserId: string, overrides: Partial<NotifyInput> = {}): NotifyInput => ({
    dedupeKey: `test:${++keySeq}:user:${recipientUserId}`,
    kind: 'reminder',
    stage: 'due',
    dueItemId: null,
    caseId: null,
    recipientUserId,
    recipientResponsibleId: null,
    title: '随访到期提醒',
    body: '张* 的家访今天到期',
    link: '/cases/00000000-0000-4000-8000-000000000001',
    sms: false,
    ...overrides,
  });

  /** Stores in a transaction and queues after commit, as the reminder job does. */
  const notify = async (inputs: NotifyInput[], enqueue = true) => {
    const stored = await t.dataSource.transaction((manager) => notifications.store(manager, inputs));
    if (enqueue) await notifications.enqueueDeliveries(stored.deliveryIds);
    return stored;
  };

  const delivery = async (id: string) =>
    (
      await t.dataSource.query(
        `SELECT status, attempts, last_error AS "lastError", sent_at AS "sentAt", channel, target
           FROM notification_deliveries WHERE id = $1`,
        [id],
      )
    )[0];

  const createChannel = async (body: Record<string, unknown>): Promise<NotificationChannel> => {
    const response = await officer.post('/api/notification-channels', body);
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    await receiver.start();
    t = await createTestApp({
      worker: true,
      env: { DELIVERY_BACKOFF_MS: '50', DELIVERY_ATTEMPTS: '4', PUBLIC_URL },
    });
    officer = await t.as('bureau.officer');
    notifications = t.app.get(NotificationsService);
  });
  afterAll(async () => {
    await t?.close();
    await receiver.close();
  });

  it('retries a robot that fails twice and delivers exactly once', async () => {
    receiver.on('/flaky', (_, n) =>
      n === 1
        ? { status: 500, body: 'upstream error' }
        : n === 2
          ? { status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } }
          : ROBOT_OK,
    );
    const bureauOfficer = await userOf('bureau.officer');
    const channel = await createChannel({
      organisationId: bureauOfficer.organisationId,
      kind: 'wecom',
      name: '教育局工作群',
      url: `${receiver.baseUrl}/flaky?key=flaky-robot-key-0001`,
    });

    const stored = await notify([input(bureauOfficer.id)]);
    expect(stored.notificationIds).toHaveLength(1);
    expect(stored.deliveryIds).toHaveLength(1);
    const sent = await waitFor('the flaky delivery to be sent', async () => {
      const row = await delivery(stored.deliveryIds[0]);
      return row.status === 'sent' && row;
    });
    expect(sent).toMatchObject({ attempts: 3, lastError: null, channel: 'webhook', target: '教育局工作群' });
    expect(sent.sentAt).not.toBeNull();

    const requests = receiver.requests('/flaky');
    expect(requests).toHaveLength(3);
    expect(requests[2].query.get('key')).toBe('flaky-robot-key-0001');
    expect(requests[2].body).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: `**随访到期提醒**\n张* 的家访今天到期\n[查看详情](${PUBLIC_URL}/cases/00000000-0000-4000-8000-000000000001)`,
      },
    });

    // Queued again (a retried reminder job, the sweep): the finished job is not run twice.
    await notifications.enqueueDeliveries(stored.deliveryIds);
    expect(await notifications.requeuePending()).toBe(0);
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.notifications));
    expect(await queue.getJobState(deliveryJobId(stored.deliveryIds[0]))).toBe('completed');
    expect(receiver.requests('/flaky')).toHaveLength(3);
    expect((await delivery(stored.deliveryIds[0])).attempts).toBe(3);

    const listed = await officer.get(
      `/api/notification-channels?organisationId=${bureauOfficer.organisationId}`,
    );
    expect(listed.body.find((c: NotificationChannel) => c.id === channel.id)).toMatchObject({
      recentFailures: 0,
      lastError: null,
    });
  });

  it('gives up on a robot that always fails, visibly, and leaves the inbox notification alone', async () => {
    receiver.on('/broken', () => ({ status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } }));
    const villageOfficial = await userOf('village.official');
    const channel = await createChannel({
      organisationId: villageOfficial.organisationId,
      kind: 'wecom',
      name: '村委会群',
      url: `${receiver.baseUrl}/broken?key=broken-robot-key-0002`,
    });

    const stored = await notify([input(villageOfficial.id, { title: '家访逾期', kind: 'escalation' })]);
    const failed = await waitFor('the broken delivery to fail', async () => {
      const row = await delivery(stored.deliveryIds[0]);
      return row.status === 'failed' && row;
    });
    expect(failed.attempts).toBe(4);
    expect(failed.lastError).toBe('errcode 93000: invalid webhook url');
    expect(receiver.requests('/broken')).toHaveLength(4);

    const channels = await officer.get(
      `/api/notification-channels?organisationId=${villageOfficial.organisationId}`,
    );
    expect(channels.status).toBe(200);
    const view = channels.body.find((c: NotificationChannel) => c.id === channel.id);
    expect(view).toMatchObject({ recentFailures: 1, lastError: 'errcode 93000: invalid webhook url' });
    expect(view.lastErrorAt).not.toBeNull();
    expect(JSON.stringify(channels.body)).not.toContain('broken-robot-key-0002');

    const failures = await officer.get(`/api/notification-channels/${channel.id}/deliveries?status=failed`);
    expect(failures.status).toBe(200);
    expect(failures.body).toEqual([
      expect.objectContaining({
        id: stored.deliveryIds[0],
        status: 'failed',
        attempts: 4,
        lastError: 'errcode 93000: invalid webhook url',
        notificationTitle: '家访逾期',
      }),
    ]);

    const village = await t.as('village.official');
    const inbox = await village.get('/api/notifications?unread=true');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({ id: stored.notificationIds[0], title: '家访逾期', readAt: null }),
    );
  });

  it('signs DingTalk messages when the channel has a secret', async () => {
    const secret = 'SEC0123456789abcdef';
    receiver.on('/ding', (request) => {
      const timestamp = request.query.get('timestamp') ?? '';
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      return request.query.get('sign') === expected
        ? ROBOT_OK
        : { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
    });
    const teacher = await userOf('school.teacher');
    const channel = await createChannel({
      organisationId: teacher.organisationId,
      kind: 'dingtalk',
      name: '学校钉钉群',
      url: `${receiver.baseUrl}/ding?access_token=ding-token-0003`,
      secret,
    });
    expect(channel).toMatchObject({ hasSecret: true });
    expect(JSON.stringify(channel)).not.toContain(secret);

    const stored = await notify([input(teacher.id)]);
    const sent = await waitFor('the DingTalk delivery', async () => {
      const row = await delivery(stored.deliveryIds[0]);
      return row.status !== 'pending' && row;
    });
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    const [request] = receiver.requests('/ding');
    expect(request.query.get('access_token')).toBe('ding-token-0003');
    expect(Math.abs(Number(request.query.get('timestamp')) - Date.now())).toBeLessThan(60_000);
    expect(request.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '随访到期提醒' } });

    // A wrong secret is refused by the robot: the channel test reports its answer.
    const patched = await officer.patch(`/api/notification-channels/${channel.id}`, {
      version: channel.version,
      secret: 'SECwrong',
    });
    expect(patched.status).toBe(200);
    const test = await officer.post(`/api/notification-channels/${channel.id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toEqual({ ok: false, error: 'errcode 310000: sign not match' });
    const restored = await officer.patch(`/api/notification-channels/${channel.id}`, {
      version: patched.body.version,
      secret,
    });
    expect(restored.status).toBe(200);
    expect((await officer.post(`/api/notification-channels/${channel.id}/test`)).body).toEqual({
      ok: true,
      error: null,
    });
  });

  it('stores a dedupe key once, with one set of deliveries', async () => {
    receiver.on('/twice', () => ROBOT_OK);
    const principal = await userOf('school.principal');
    const teacher = await userOf('school.teacher');
    expect(principal.organisationId).toBe(teacher.organisationId); // the school's DingTalk channel too
    await createChannel({
      organisationId: principal.organisationId,
      kind: 'wecom',
      name: '学校企业微信群',
      url: `${receiver.baseUrl}/twice?key=twice-key-0004`,
    });
    const one = input(principal.id, { title: '重复键测试' });
    const first = await t.dataSource.transaction((manager) => notifications.store(manager, [one, one]));
    const again = await t.dataSource.transaction((manager) => notifications.store(manager, [one]));
    expect(first.notificationIds).toHaveLength(1);
    expect(first.deliveryIds).toHaveLength(2);
    expect(again).toEqual({ notificationIds: [], deliveryIds: [] });
    const [{ notes, deliveries }] = await t.dataSource.query(
      `SELECT count(DISTINCT n.id)::int AS notes, count(d.id)::int AS deliveries
         FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.id
        WHERE n.dedupe_key = $1`,
      [one.dedupeKey],
    );
    expect({ notes, deliveries }).toEqual({ notes: 1, deliveries: 2 });
    await notifications.enqueueDeliveries(first.deliveryIds);
    await waitFor('both deliveries to be sent', async () => {
      const rows = await Promise.all(first.deliveryIds.map(delivery));
      return rows.every((row) => row.status === 'sent');
    });
    expect(receiver.requests('/twice')).toHaveLength(1);
    expect(receiver.requests('/ding').filter((r) => r.body.markdown.title === one.title)).toHaveLength(1);

    // A store rolled back with its transaction leaves nothing behind.
    const rolledBack = input(principal.id);
    await expect(
      t.dataSource.transaction(async (manager) => {
        await notifications.store(manager, [rolledBack]);
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    const [{ count }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM notifications WHERE dedupe_key = $1',
      [rolledBack.dedupeKey],
    );
    expect(count).toBe(0);
  });

  it('sends SMS to a known phone with its number masked, and requeues deliveries whose job is missing', async () => {
    const county = await userOf('county.official');
    await t.dataSource.query('UPDATE users SET phone = $2 WHERE id = $1', [county.id, '13805371234']);
    const withSms = input(county.id, { sms: true });
    const withoutSms = input(county.id, { sms: false });
    // Stored but never queued: as if the process died between commit and queueing.
    const stored = await notify([withSms, withoutSms], false);
    expect(stored.notificationIds).toHaveLength(2);
    expect(stored.deliveryIds).toHaveLength(1);
    expect(await delivery(stored.deliveryIds[0])).toMatchObject({
      channel: 'sms',
      target: maskPhone('13805371234'),
      status: 'pending',
    });
    const [{ stray }] = await t.dataSource.query(
      "SELECT count(*)::int AS stray FROM notification_deliveries WHERE target LIKE '%05371234%'",
    );
    expect(stray).toBe(0);

    expect(await notifications.requeuePending()).toBe(1);
    await waitFor(
      'the SMS to be sent',
      async () => (await delivery(stored.deliveryIds[0])).status === 'sent',
    );
    expect(await notifications.requeuePending()).toBe(0);
  });
});
