import { createTestApp, TestApp } from '../../test/test-app';

describe('health and the API document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports PostgreSQL and Redis up', async () => {
    const response = await t.client().get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('answers 503 when Redis is down', async () => {
    const down = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:6390' } });
    try {
      const response = await down.client().get('/api/health');
      expect(response.status).toBe(503);
      expect(response.body.checks).toEqual({ postgres: 'up', redis: 'down' });
    } finally {
      await down.close();
    }
  });

  it('serves a complete OpenAPI document: every operation has a response schema, every body a request schema', async () => {
    const response = await t.client().get('/api/docs-json');
    expect(response.status).toBe(200);
    const doc = response.body;
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(12);
    for (const { path, method, op } of operations) {
      const ok = Object.entries(op.responses as Record<string, any>).find(([code]) => code.startsWith('2'));
      expect([path, method, ok !== undefined]).toEqual([path, method, true]);
      // JSON for everything but raw images (photos), which are described as binary.
      const schemaOf = (content: Record<string, { schema?: unknown }> | undefined) =>
        Object.values(content ?? {}).every((c) => Boolean(c.schema)) && Object.keys(content ?? {}).length > 0;
      if (ok && ok[0] !== '204') {
        expect([path, method, schemaOf(ok[1].content)]).toEqual([path, method, true]);
      }
      // Actions that take no body: sign out, mark read, send a channel's test message.
      const bodyless = ['/logout', '/read-all', '/{id}/read', '/{id}/test'].some((end) => path.endsWith(end));
      if (['post', 'patch', 'put'].includes(method) && !bodyless) {
        expect([path, method, schemaOf(op.requestBody?.content)]).toEqual([path, method, true]);
      }
    }
    for (const name of ['LoginDto', 'CurrentUserDto', 'CreateUserDto', 'OrganisationDto']) {
      expect(Object.keys(doc.components.schemas)).toContain(name);
    }
    expect(doc.components.schemas.LoginDto.required).toEqual(
      expect.arrayContaining(['username', 'password']),
    );
  });
});
