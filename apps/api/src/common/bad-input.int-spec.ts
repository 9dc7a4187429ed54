import fc from 'fast-check';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';

/** Bad input gets a 4xx naming the field and the rule; nothing returns a 500. */
describe('bad input', () => {
  let t: TestApp;
  let anonymous: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '10000', LOGIN_MAX_FAILURES: '100' } });
    anonymous = t.client();
    admin = t.client();
    await admin.login('admin');
  });
  afterAll(() => t.close());

  it.each([
    ['a missing field', { username: 'admin' }, 'password', 'isNotEmpty'],
    ['an over-long field', { username: 'a'.repeat(65), password: 'x' }, 'username', 'maxLength'],
    ['a wrong type', { username: 12345, password: 'x' }, 'username', 'isString'],
    ['an unknown field', { username: 'admin', password: 'x', role: 'admin' }, 'role', 'whitelist'],
  ])('login with %s is a 400 naming the field', async (_, body, field, rule) => {
    const response = await anonymous.post('/api/auth/login', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  });

  it.each([
    ['malformed JSON', '{"username": "admin", "password": ', 'application/json', 400],
    ['a JSON array', '[1, 2]', 'application/json', 400],
    ['JSON null', 'null', 'application/json', 400],
    ['a form instead of JSON', 'username=admin', 'application/x-www-form-urlencoded', 400],
    ['plain text', 'username=admin', 'text/plain', 400],
  ])('login with %s is a %s', async (_, body, contentType, status) => {
    const response = await anonymous.raw('POST', '/api/auth/login', body, contentType);
    expect(response.status).toBe(status);
    expect(response.body.statusCode).toBe(status);
  });

  it('an unknown content type is a 415', async () => {
    const response = await anonymous.raw('POST', '/api/auth/login', '<xml/>', 'application/xml');
    expect(response.status).toBe(415);
  });

  it('an oversized body is a 413', async () => {
    const response = await anonymous.raw(
      'POST',
      '/api/auth/login',
      JSON.stringify({ username: 'x'.repeat(2_000_000) }),
    );
    expect(response.status).toBe(413);
  });

  it.each([
    ['/api/organisations?page=abc', 'page', 'isInt'],
    ['/api/organisations?pageSize=1000', 'pageSize', 'max'],
    ['/api/organisations?type=bogus', 'type', 'isIn'],
    ['/api/organisations?regionId=nope', 'regionId', 'isUuid'],
    ['/api/organisations/not-a-uuid', 'id', 'isUuid'],
    ['/api/users/not-a-uuid', 'id', 'isUuid'],
    ['/api/regions?parentId=1', 'parentId', 'isUuid'],
  ])('GET %s is a 400 naming %s', async (path, field, rule) => {
    const response = await admin.get(path);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  });

  it('a bad create keeps what was saved and names every bad field', async () => {
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM organisations'))[0].n;
    const response = await admin.post('/api/organisations', {
      name: '',
      type: 'castle',
      regionId: 5,
      schoolCode: '12',
    });
    expect(response.status).toBe(400);
    const fields = response.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'type', 'regionId', 'schoolCode']));
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM organisations'))[0].n).toBe(before);
  });

  it('no JSON value sent to the write endpoints gets a 5xx', async () => {
    const someUser = (await t.dataSource.query("SELECT id FROM users WHERE username = 'village.official'"))[0]
      .id;
    const targets: [string, string][] = [
      ['POST', '/api/auth/login'],
      ['POST', '/api/organisations'],
      ['POST', '/api/users'],
      ['PATCH', `/api/users/${someUser}`],
      ['POST', '/api/auth/password'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.jsonValue(), async ([method, path], value) => {
        const response = await admin.raw(method, path, JSON.stringify(value));
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });
});
