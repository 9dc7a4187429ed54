import { ConfigError, DEVELOPMENT_DATA_KEY, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  it('fills defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/baoxue');
    expect(config.RUN_MIGRATIONS).toBe(false);
    expect(config.cookieSecure).toBe(false);
  });

  it('converts numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', RUN_MIGRATIONS: 'true', SEED_DEMO: '1', COOKIE_SECURE: 'no' });
    expect(config.PORT).toBe(8080);
    expect(config.RUN_MIGRATIONS).toBe(true);
    expect(config.SEED_DEMO).toBe(true);
    expect(config.cookieSecure).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ DATA_KEY: 'short' }, 'DATA_KEY'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('refuses the development data key in production and defaults to Secure cookies there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('DATA_KEY');
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(key).not.toBe(DEVELOPMENT_DATA_KEY);
    expect(loadConfig({ NODE_ENV: 'production', DATA_KEY: key }).cookieSecure).toBe(true);
  });
});
