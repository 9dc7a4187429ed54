import { ConfigError, loadConfig, testClockEnabled } from '../config/app-config';
import { createTestApp, TestApp } from '../../test/test-app';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  TEST_CLOCK: 'true',
};

/** The test clock endpoint exists only when TEST_CLOCK is set (see test-clock-enabled.int-spec.ts). */
describe('test clock, by default', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is not served: 404 like any unknown route, and the clock stays', async () => {
    const officer = await t.as('bureau.officer');
    const before = t.clock.now().getTime();
    expect((await officer.post('/api/testing/clock', { advanceDays: 100 })).status).toBe(404);
    expect((await officer.delete('/api/testing/clock')).status).toBe(404);
    expect((await officer.post('/api/testing/reminders/sweep', {})).status).toBe(404);
    expect(Math.abs(t.clock.now().getTime() - Date.now())).toBeLessThan(60_000);
    expect(t.clock.now().getTime()).toBeGreaterThanOrEqual(before);
    const document = (await t.client().get('/api/docs-json')).body;
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/api/testing'))).toEqual([]);
  });

  it('is refused at start-up in production', () => {
    expect(() => loadConfig(PRODUCTION)).toThrow(ConfigError);
    expect(() => loadConfig(PRODUCTION)).toThrow(/TEST_CLOCK/);
    expect(() => loadConfig({ ...PRODUCTION, TEST_CLOCK: 'false' })).not.toThrow();
    expect(testClockEnabled(PRODUCTION)).toBe(false);
    expect(testClockEnabled({ TEST_CLOCK: 'true' })).toBe(true);
    expect(testClockEnabled({})).toBe(false);
  });
});
