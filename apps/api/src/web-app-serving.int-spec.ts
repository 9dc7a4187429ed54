import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../test/test-app';

/**
 * The built web app as the API serves it to an installable, offline-capable client: the
 * service worker and its manifest revalidated on every load, hashed bundles cached for good,
 * the app's routes answered with index.html, and a missing file answered 404 (never HTML).
 */
describe('serving the web app and its service worker', () => {
  let t: TestApp;
  let webDist: string;

  beforeAll(async () => {
    webDist = await mkdtemp(join(tmpdir(), 'bx-web-'));
    await writeFile(join(webDist, 'index.html'), '<!doctype html><title>Baoxue</title>');
    await writeFile(join(webDist, 'ngsw.json'), '{"configVersion":1}');
    await writeFile(join(webDist, 'ngsw-worker.js'), '// worker');
    await writeFile(join(webDist, 'manifest.webmanifest'), '{"name":"保学"}');
    await writeFile(join(webDist, 'chunk-ABCD1234.js'), 'export {};');
    // Big enough to be worth compressing.
    await writeFile(
      join(webDist, 'chunk-BIG12345.js'),
      `export const words = ${JSON.stringify('保学'.repeat(4000))};`,
    );
    await mkdir(join(webDist, 'i18n'));
    await writeFile(join(webDist, 'i18n', 'zh-CN.json'), '{}');
    t = await createTestApp({ template: 'empty', env: { WEB_DIST: webDist } });
  });

  afterAll(async () => {
    await t?.close();
    await rm(webDist, { recursive: true, force: true });
  });

  const get = (path: string): Promise<Response> => fetch(`${t.baseUrl}${path}`);

  it.each(['/ngsw.json', '/ngsw-worker.js', '/manifest.webmanifest', '/i18n/zh-CN.json'])(
    '%s is revalidated on every load',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('keeps hashed bundles for a year', async () => {
    const response = await get('/chunk-ABCD1234.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    '/field',
    '/field/cases/5b0c7d3e-1d2f-4b7a-9a44-0c1d2e3f4a5b/visit',
    '/attendance?date=2026-12-01',
  ])('answers the app route %s with index.html, revalidated', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>Baoxue</title>');
  });

  it.each(['/chunk-GONE0000.js', '/styles-OLD00000.css', '/icons/missing.png'])(
    'answers a missing file %s with 404, not the app page',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404, message: `Cannot GET ${path}` });
    },
  );

  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
  ])('sends a bundle compressed when the browser accepts %s', async (accepted, expected) => {
    const response = await fetch(`${t.baseUrl}/chunk-BIG12345.js`, {
      headers: { 'accept-encoding': accepted },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe(expected);
    // fetch decodes the body: what arrives is the file itself.
    expect(await response.text()).toContain('保学保学');
  });

  it('leaves a response uncompressed for a client that accepts no encoding', async () => {
    const identity = await fetch(`${t.baseUrl}/chunk-BIG12345.js`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(await identity.text()).toContain('保学保学');
  });

  it('keeps 404 for unknown API paths', async () => {
    const response = await get('/api/nothing-here');
    expect(response.status).toBe(404);
  });
});
