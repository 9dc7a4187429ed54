import type { TestApp } from '../../test/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

/** With TEST_CLOCK=true (as the browser tests' server runs) the clock can be moved over HTTP. */
describe('test clock, enabled', () => {
  let t: TestApp;

  beforeAll(async () => {
    // AppModule decides at load time, so the flag is set before the app's modules load.
    process.env['TEST_CLOCK'] = 'true';
    const { createTestApp } = await import('../../test/test-app');
    t = await createTestApp({ env: { TEST_CLOCK: 'true' } });
  });
  afterAll(async () => {
    delete process.env['TEST_CLOCK'];
    await t.close();
  });

  it('moves the server clock by whole days, which ends sessions, and back', async () => {
    const officer = await t.as('bureau.officer');
    expect((await officer.get('/api/auth/me')).status).toBe(200);
    const advanced = await t.client().post('/api/testing/clock', { advanceDays: 61 });
    expect(advanced.status).toBe(200);
    const expected = Date.now() + 61 * DAY_MS;
    expect(Math.abs(new Date(advanced.body.now).getTime() - expected)).toBeLessThan(60_000);
    expect(Math.abs(t.clock.now().getTime() - expected)).toBeLessThan(60_000);
    // Sessions expire by the same clock: a test signs in again after moving it.
    expect((await officer.get('/api/auth/me')).status).toBe(401);

    const reset = await t.client().delete('/api/testing/clock');
    expect(reset.status).toBe(200);
    expect(Math.abs(t.clock.now().getTime() - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(new Date(reset.body.now).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('takes whole days only, naming the field', async () => {
    for (const body of [
      {},
      { advanceDays: 1.5 },
      { advanceDays: '3' },
      { advanceDays: 9999 },
      { advanceDays: 1, extra: 1 },
    ]) {
      const response = await t.client().post('/api/testing/clock', body);
      expect(response.status).toBe(400);
      expect(response.body.details[0].field).toMatch(/^(advanceDays|extra)$/);
    }
    expect(Math.abs(t.clock.now().getTime() - Date.now())).toBeLessThan(60_000);
  });
});
