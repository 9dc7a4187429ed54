import { createTestApp, DEMO_PASSWORD, TestApp } from '../../test/test-app';

describe('sign-in (auth)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '15' } });
  });
  afterAll(() => t.close());

  it('signs in with the right password, sets an httpOnly SameSite cookie and knows the user', async () => {
    const client = t.client();
    const login = await client.post('/api/auth/login', {
      username: 'village.official',
      password: DEMO_PASSWORD,
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/bx_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(login.body.username).toBe('village.official');

    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('village_official');
    expect(me.body.scope.kind).toBe('region');
    expect(me.body.scope.region.kind).toBe('village');
    expect(me.body.scope.region.name).toContain('进士张');
    expect(me.body.scope.regionChain.map((r: { name: string }) => r.name)).toContain('济宁经济技术开发区');
  });

  it('accepts the username in any case and with spaces around it', async () => {
    const login = await t
      .client()
      .post('/api/auth/login', { username: '  Bureau.Officer ', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
  });

  it('refuses a wrong password and an unknown user alike, without a session', async () => {
    const client = t.client();
    const wrong = await client.post('/api/auth/login', {
      username: 'bureau.leader',
      password: 'Wrong-password-1',
    });
    const unknown = await client.post('/api/auth/login', {
      username: 'nobody.here',
      password: 'Wrong-password-1',
    });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('auth.invalid_credentials');
      expect(response.headers.getSetCookie()).toHaveLength(0);
    }
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('locks an account after repeated failures, even for the right password, and audits the failures', async () => {
    const client = t.client();
    for (let i = 0; i < 3; i++) {
      const response = await client.post('/api/auth/login', {
        username: 'dept.police',
        password: `Wrong-password-${i}`,
      });
      expect(response.status).toBe(401);
    }
    const locked = await client.post('/api/auth/login', { username: 'dept.police', password: DEMO_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('auth.locked');

    // Other accounts are unaffected.
    expect(
      (await t.client().post('/api/auth/login', { username: 'town.official', password: DEMO_PASSWORD }))
        .status,
    ).toBe(200);

    const [{ count }] = await t.dataSource.query(
      "SELECT count(*)::int AS count FROM audit_events WHERE action = 'auth.login_failed' AND actor_username = 'dept.police'",
    );
    expect(count).toBe(3);
  });

  it('logs out: the cookie no longer works', async () => {
    const client = t.client();
    await client.login('school.teacher');
    expect((await client.get('/api/auth/me')).status).toBe(200);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('denies by default: every non-public route needs a session', async () => {
    const anonymous = t.client();
    for (const path of ['/api/auth/me', '/api/regions', '/api/organisations', '/api/users']) {
      const response = await anonymous.get(path);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('auth.required');
    }
    expect((await anonymous.get('/api/health')).status).toBe(200);
  });

  it('changes the password: the old one stops working, other sessions end', async () => {
    const first = t.client();
    const second = t.client();
    await first.login('bureau.leader');
    await second.login('bureau.leader');

    const weak = await first.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0]).toMatchObject({ field: 'newPassword', rule: 'too_short' });

    const wrongCurrent = await first.post('/api/auth/password', {
      currentPassword: 'Not-the-password-1',
      newPassword: 'A-new-Passw0rd',
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.details[0].field).toBe('currentPassword');

    const changed = await first.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'A-new-Passw0rd',
    });
    expect(changed.status).toBe(200);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    expect(
      (await t.client().post('/api/auth/login', { username: 'bureau.leader', password: DEMO_PASSWORD }))
        .status,
    ).toBe(401);
    expect(
      (await t.client().post('/api/auth/login', { username: 'bureau.leader', password: 'A-new-Passw0rd' }))
        .status,
    ).toBe(200);
  });

  it('expires sessions after their lifetime (controllable clock)', async () => {
    const client = t.client();
    await client.login('bureau.officer');
    t.clock.advance((t.config.SESSION_TTL_HOURS + 1) * 3600_000);
    try {
      expect((await client.get('/api/auth/me')).status).toBe(401);
    } finally {
      t.clock.reset();
    }
  });
});

describe('sign-in in production mode', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        NODE_ENV: 'production',
        DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
        COOKIE_SECURE: 'false',
      },
    });
  });
  afterAll(() => t.close());

  it('makes the admin change the demo password before anything else', async () => {
    const client = t.client();
    const login = await client.login('admin');
    expect(login.body.mustChangePassword).toBe(true);

    const blocked = await client.get('/api/organisations');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('auth.password_change_required');
    expect((await client.get('/api/auth/me')).status).toBe(200);

    const reuse = await client.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: DEMO_PASSWORD,
    });
    expect(reuse.status).toBe(400);

    const changed = await client.post('/api/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Zone-admin-2026!',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await client.get('/api/organisations')).status).toBe(200);
  });
});
