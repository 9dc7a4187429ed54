import { InboxNotification, NotificationChannel } from '@baoxue/contracts';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';
import { NotificationsService } from './notifications.service';
import { NotifyInput } from './notify-input';
import { ROBOT_OK, WebhookReceiver } from './webhook-receiver.test';

describe('the inbox and the webhook channel settings', () => {
  let t: TestApp;
  let admin: TestClient;
  let officer: TestClient;
  let village: TestClient;
  let teacher: TestClient;
  let villageUserId: string;
  let bureauOrgId: string;
  let outsideOrgId: string;
  const receiver = new WebhookReceiver();

  const userId = async (username: string): Promise<string> =>
    (await t.dataSource.query('SELECT id FROM users WHERE username = $1', [username]))[0].id;

  const notify = (recipientUserId: string, key: string, title: string, dueItemId: string | null = null) => {
    const input: NotifyInput = {
      dedupeKey: key,
      kind: 'reminder',
      stage: 'due',
      dueItemId,
      caseId: null,
      recipientUserId,
      recipientResponsibleId: null,
      title,
      body: '李* 的核实今天到期',
      link: '/cases/x',
      sms: false,
    };
    return t.dataSource.transaction((manager) => t.app.get(NotificationsService).store(manager, [input]));
  };

  beforeAll(async () => {
    await receiver.start();
    receiver.on('/hook', () => ROBOT_OK);
    t = await createTestApp();
    [admin, officer, village, teacher] = await Promise.all(
      ['admin', 'bureau.officer', 'village.official', 'school.teacher'].map((name) => t.as(name)),
    );
    villageUserId = await userId('village.official');
    bureauOrgId = (
      await t.dataSource.query("SELECT organisation_id FROM users WHERE username = 'bureau.officer'")
    )[0].organisation_id;
    // An organisation outside the demo zone: 嘉祥县 (370829) is a sibling county.
    outsideOrgId = (
      await t.dataSource.query(
        `INSERT INTO organisations (name, type, region_id, region_path)
         SELECT '嘉祥县教育局', 'education_bureau', id, path FROM regions WHERE code = '370829'
         RETURNING id`,
      )
    )[0].id;
  });
  afterAll(async () => {
    await t?.close();
    await receiver.close();
  });

  describe('inbox', () => {
    it('lists, counts and marks read only the caller’s own notifications', async () => {
      const first = await notify(villageUserId, 'inbox:1', '第一条');
      t.clock.advance(60_000);
      const second = await notify(villageUserId, 'inbox:2', '第二条');
      t.clock.advance(60_000);
      const third = await notify(villageUserId, 'inbox:3', '第三条');

      const list = await village.get('/api/notifications?pageSize=2');
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(list.body.items.map((n: InboxNotification) => n.title)).toEqual(['第三条', '第二条']);
      expect(list.body.items[0]).toMatchObject({
        id: third.notificationIds[0],
        kind: 'reminder',
        stage: 'due',
        dueKind: null,
        body: '李* 的核实今天到期',
        link: '/cases/x',
        readAt: null,
      });
      expect((await village.get('/api/notifications/unread-count')).body).toEqual({ unread: 3 });

      // Another user sees none of them and cannot mark them.
      expect((await teacher.get('/api/notifications')).body.total).toBe(0);
      const foreign = await teacher.post(`/api/notifications/${first.notificationIds[0]}/read`);
      expect(foreign.status).toBe(404);

      const read = await village.post(`/api/notifications/${second.notificationIds[0]}/read`);
      expect(read.status).toBe(200);
      expect(read.body.readAt).not.toBeNull();
      const again = await village.post(`/api/notifications/${second.notificationIds[0]}/read`);
      expect(again.body.readAt).toBe(read.body.readAt);
      expect((await village.get('/api/notifications/unread-count')).body).toEqual({ unread: 2 });
      const unread = await village.get('/api/notifications?unread=true');
      expect(unread.body.items.map((n: InboxNotification) => n.title)).toEqual(['第三条', '第一条']);

      const all = await village.post('/api/notifications/read-all');
      expect(all.status).toBe(200);
      expect(all.body).toEqual({ unread: 0 });
      expect((await village.get('/api/notifications?unread=true')).body.total).toBe(0);
      const [{ unreadLeft }] = await t.dataSource.query(
        'SELECT count(*)::int AS "unreadLeft" FROM notifications WHERE read_at IS NULL AND recipient_user_id = $1',
        [villageUserId],
      );
      expect(unreadLeft).toBe(0);
    });

    it('answers bad input with 400 naming the field and an unknown id with 404', async () => {
      const badFlag = await village.get('/api/notifications?unread=maybe');
      expect(badFlag.status).toBe(400);
      expect(badFlag.body.details[0]).toMatchObject({ field: 'unread', rule: 'isBoolean' });
      const badId = await village.post('/api/notifications/not-a-uuid/read');
      expect(badId.status).toBe(400);
      expect(badId.body.details[0]).toMatchObject({ field: 'id', rule: 'isUuid' });
      const missing = await village.post('/api/notifications/00000000-0000-4000-8000-000000000000/read');
      expect(missing.status).toBe(404);
      expect((await t.client().get('/api/notifications')).status).toBe(401);
    });
  });

  describe('channels', () => {
    const url = () => `${receiver.baseUrl}/hook?key=very-secret-robot-key-9876`;

    it('creates, lists, updates and deletes a channel, audited, never echoing the URL or secret', async () => {
      const created = await officer.post('/api/notification-channels', {
        organisationId: bureauOrgId,
        kind: 'dingtalk',
        name: '  控辍保学工作群 ',
        url: url(),
        secret: 'SECtopsecret0001',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        organisationId: bureauOrgId,
        kind: 'dingtalk',
        name: '控辍保学工作群',
        urlMasked: `${receiver.baseUrl}/hook?key=****9876`,
        hasSecret: true,
        enabled: true,
        version: 1,
        recentFailures: 0,
        lastError: null,
      });
      expect(created.body.organisationName).toBeTruthy();
      const [stored] = await t.dataSource.query(
        'SELECT url_cipher, secret_cipher FROM notification_channels WHERE id = $1',
        [created.body.id],
      );
      expect(stored.url_cipher.toString('latin1')).not.toContain('very-secret');
      expect(stored.secret_cipher.toString('latin1')).not.toContain('topsecret');

      const list = await admin.get('/api/notification-channels');
      expect(list.status).toBe(200);
      expect(list.body.map((c: NotificationChannel) => c.id)).toContain(created.body.id);
      for (const response of [created, list]) {
        expect(JSON.stringify(response.body)).not.toContain('very-secret-robot-key');
        expect(JSON.stringify(response.body)).not.toContain('topsecret');
      }

      const updated = await officer.patch(`/api/notification-channels/${created.body.id}`, {
        version: 1,
        enabled: false,
        secret: null,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ enabled: false, hasSecret: false, version: 2 });

      const stale = await admin.patch(`/api/notification-channels/${created.body.id}`, {
        version: 1,
        name: '旧版本',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('notification_channel.stale_version');
      expect(
        (await admin.get('/api/notification-channels')).body.find(
          (c: NotificationChannel) => c.id === created.body.id,
        ).name,
      ).toBe('控辍保学工作群');

      const test = await officer.post(`/api/notification-channels/${created.body.id}/test`);
      expect(test.body).toEqual({ ok: true, error: null });
      const sent = receiver.requests('/hook').at(-1);
      expect(sent?.body.markdown.title).toBe('控辍保学通知测试');

      const deleted = await officer.delete(`/api/notification-channels/${created.body.id}`);
      expect(deleted.status).toBe(204);
      expect((await officer.delete(`/api/notification-channels/${created.body.id}`)).status).toBe(404);

      const audits = await t.dataSource.query(
        `SELECT action, details::text AS details FROM audit_events WHERE entity_id = $1 ORDER BY action`,
        [created.body.id],
      );
      expect(audits.map((a: { action: string; details: string }) => a.action).sort()).toEqual([
        'notification_channel.create',
        'notification_channel.delete',
        'notification_channel.test',
        'notification_channel.update',
      ]);
      expect(audits.map((a: { action: string; details: string }) => a.details).join(' ')).not.toMatch(
        /very-secret|topsecret/,
      );
    });

    it('keeps to the caller’s scope and role', async () => {
      const outside = await officer.post('/api/notification-channels', {
        organisationId: outsideOrgId,
        kind: 'wecom',
        name: '外县群',
        url: url(),
      });
      expect(outside.status).toBe(400);
      expect(outside.body.details[0]).toMatchObject({ field: 'organisationId', rule: 'withinScope' });
      expect((await officer.get(`/api/notification-channels?organisationId=${outsideOrgId}`)).status).toBe(
        404,
      );

      // A channel that exists outside the zone is answered like a missing one.
      const [{ id: foreignId }] = await t.dataSource.query(
        `INSERT INTO notification_channels (kind, name, url_cipher, url_masked, organisation_id)
         VALUES ('wecom', '外县群', '\\x00', 'https://qyapi.weixin.qq.com/x?key=****', $1) RETURNING id`,
        [outsideOrgId],
      );
      expect(
        (await officer.get('/api/notification-channels')).body.map((c: NotificationChannel) => c.id),
      ).not.toContain(foreignId);
      for (const response of [
        await officer.patch(`/api/notification-channels/${foreignId}`, { version: 1, enabled: false }),
        await officer.delete(`/api/notification-channels/${foreignId}`),
        await officer.get(`/api/notification-channels/${foreignId}/deliveries`),
        await officer.post(`/api/notification-channels/${foreignId}/test`),
      ]) {
        expect(response.status).toBe(404);
      }
      const [{ enabled }] = await t.dataSource.query(
        'SELECT enabled FROM notification_channels WHERE id = $1',
        [foreignId],
      );
      expect(enabled).toBe(true);

      // Other roles have no access at all.
      expect((await village.get('/api/notification-channels')).status).toBe(403);
      expect((await teacher.post('/api/notification-channels', {})).status).toBe(403);
    });

    it('refuses bad input with 400 naming the field and rule', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ kind: 'feishu' }, 'kind', 'isIn'],
        [{ url: 'ftp://example.com/hook' }, 'url', 'https'],
        [{ url: 'not a url' }, 'url', 'isUrl'],
        [{ name: '' }, 'name', 'isNotEmpty'],
        [{ organisationId: 'nope' }, 'organisationId', 'isUuid'],
        [{ kind: 'wecom', secret: 'SECx' }, 'secret', 'onlyForDingtalk'],
        [{ color: 'red' }, 'color', 'whitelist'],
      ];
      for (const [override, field, rule] of cases) {
        const response = await officer.post('/api/notification-channels', {
          organisationId: bureauOrgId,
          kind: 'dingtalk',
          name: '群',
          url: url(),
          ...override,
        });
        expect({ status: response.status, detail: response.body.details?.[0] }).toMatchObject({
          status: 400,
          detail: { field, rule },
        });
      }
      const badStatus = await officer.get(
        `/api/notification-channels/00000000-0000-4000-8000-000000000000/deliveries?status=lost`,
      );
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.details[0]).toMatchObject({ field: 'status', rule: 'isIn' });
      const [{ count }] = await t.dataSource.query(
        'SELECT count(*)::int AS count FROM notification_channels WHERE name = $1',
        ['群'],
      );
      expect(count).toBe(0);
    });
  });
});
