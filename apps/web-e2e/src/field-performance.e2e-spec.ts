import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { APIRequestContext, Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { Client } from 'pg';
import type { CaseDetail, FieldCards } from '@baoxue/contracts';
import { apiAs as apiAsUser, apiPost } from './support/api';
import { launchChromium } from './support/browser';
import { baseUrl, DIST, E2E } from './support/server';
import { DEMO_PASSWORD, phoneContext, SCREENSHOTS, signIn } from './support/session';

const DAY_MS = 24 * 60 * 60 * 1000;
const chinaDate = (daysAgo = 0): string =>
  new Date(Date.now() + 8 * 60 * 60 * 1000 - daysAgo * DAY_MS).toISOString().slice(0, 10);

/** A slow 3G line (300 ms, 400 kbit/s each way) and a cheap phone's CPU (4× slower). */
const SLOW_3G = {
  offline: false,
  latency: 300,
  downloadThroughput: (400 * 1000) / 8,
  uploadThroughput: (400 * 1000) / 8,
};
const CPU_SLOWDOWN = 4;

/** Ceilings a real regression would break, well above today's figures. */
const MAX_INITIAL_JS_GZIP_KB = 250;
const MAX_FIRST_RENDER_3G_MS = 15_000;

const kB = (bytes: number): string => (bytes / 1000).toFixed(1);

interface ColdLoad {
  /** Encoded body bytes of the scripts (as transferred, compressed or not), from resource timing. */
  scriptBodyBytes: number;
  /** The same with the response headers, as CDP counts the wire. */
  scriptWireBytes: number;
  /** The same scripts' bodies gzip-compressed (default level), read from the built app. */
  scriptGzipBytes: number;
  scripts: number;
  /** Content-Encoding of the script responses above 1 kB (servers leave tinier ones as they are). */
  encodings: string[];
  /** ms from navigation start until the 今日工作 list was in the page. */
  firstRenderMs: number;
}

/**
 * A stand-in for the compression a deployment's web server does (the API serves the built
 * app uncompressed): gzips text responses the upstream left uncompressed, passes the rest.
 */
function startGzipProxy(upstream: string): Promise<Server> {
  const target = new URL(upstream);
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        agent: false,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host, 'accept-encoding': 'identity' },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          const type = String(headers['content-type'] ?? '');
          const accepts = String(incoming.headers['accept-encoding'] ?? '').includes('gzip');
          if (
            accepts &&
            !headers['content-encoding'] &&
            /javascript|css|html|json/.test(type) &&
            body.length > 1024
          ) {
            body = gzipSync(body);
            headers['content-encoding'] = 'gzip';
            headers['vary'] = 'accept-encoding';
          }
          headers['content-length'] = String(body.length);
          delete headers['transfer-encoding'];
          outgoing.writeHead(answer.statusCode ?? 502, headers);
          outgoing.end(body);
        });
      },
    );
    forwarded.on('error', () => {
      outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forwarded);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Performance of the village official's home route, 今日工作 (/field): the JavaScript a cold
 * load transfers and the time to the list's first render on a slow 3G line; then the case
 * card on a 360 px phone: tap to call, and the way to record a visit.
 */
describe('the field app on a slow phone (今日工作 performance)', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let caseId: string;
  let childName: string;
  /** The guardians' phones on record for the child, in full. */
  let phones: string[];
  let proxy: Server;

  const apiAs = (username: string): Promise<APIRequestContext> => apiAsUser(browser, contexts, username);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A child of the teacher's school from the village official's village, with a guardian
    // who has a phone, and no case yet.
    const db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
    await db.connect();
    let studentId: string;
    try {
      const { rows } = await db.query(
        `SELECT s.id, s.full_name AS "fullName" FROM students s
           JOIN users t ON t.username = 'school.teacher' AND s.school_id = t.scope_school_id
           JOIN users v ON v.username = 'village.official' AND s.region_path = v.scope_path
          WHERE EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id AND g.phone IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
          ORDER BY s.id DESC LIMIT 1`,
      );
      if (!rows[0])
        throw new Error('no child of the teacher’s school from 进士张 with a guardian’s phone and no case');
      studentId = rows[0].id;
      childName = rows[0].fullName;
      const guardians = await db.query(
        `SELECT phone FROM guardians WHERE student_id = $1 AND phone IS NOT NULL ORDER BY phone`,
        [studentId],
      );
      phones = guardians.rows.map((row: { phone: string }) => row.phone);
    } finally {
      await db.end();
    }
    browser = await launchChromium();

    // Reported by the teacher (the village official becomes responsible); verified and
    // confirmed by the bureau officer: a persuading case with a follow-up due.
    const teacher = await apiAs('school.teacher');
    let current = await apiPost<CaseDetail>(teacher, '/api/cases', {
      studentId,
      type: 'suspected_dropout',
      source: 'school_attendance',
      primaryReason: 'working_away',
      absentSince: chinaDate(6),
    });
    caseId = current.id;
    const officer = await apiAs('bureau.officer');
    for (const transition of ['start_verification', 'confirm_dropout'])
      current = await apiPost<CaseDetail>(officer, `/api/cases/${caseId}/transitions/${transition}`, {
        version: current.version,
      });

    const official = await apiAs('village.official');
    const cards = (await (await official.get(`${baseUrl()}/api/field/cards`)).json()) as FieldCards;
    if (!cards.cards?.some((card) => card.caseId === caseId))
      throw new Error('the new case is not among village.official’s field cards');

    proxy = await startGzipProxy(baseUrl());
  }, 120_000);

  afterAll(async () => {
    proxy?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  /**
   * Opens /field at `origin` in a fresh context (empty cache, no service worker) signed in as
   * the village official, optionally on slow 3G with a slow CPU, and measures the load.
   */
  async function coldLoad(origin: string, slow: boolean): Promise<ColdLoad> {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      locale: 'zh-CN',
      deviceScaleFactor: 2,
      serviceWorkers: 'block',
    });
    contexts.push(context);
    const login = await context.request.post(`${baseUrl()}/api/auth/login`, {
      data: { username: 'village.official', password: DEMO_PASSWORD },
    });
    expect(login.ok()).toBe(true);
    // The list's first appearance, stamped in the page (ms since navigation start).
    await context.addInitScript(() => {
      const stamp = (): boolean => {
        if (!document.querySelector('[data-testid="field-due"]')) return false;
        (window as unknown as { __fieldRendered: number }).__fieldRendered = performance.now();
        return true;
      };
      new MutationObserver((_records, observer) => {
        if (stamp()) observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (slow) {
      await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    }
    const scripts = new Map<string, { url: string; encoding: string; bytes: number; size: number }>();
    cdp.on('Network.responseReceived', (event) => {
      if (event.type !== 'Script') return;
      const headers = Object.fromEntries(
        Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
      );
      scripts.set(event.requestId, {
        url: event.response.url,
        encoding: headers['content-encoding'] ?? 'none',
        bytes: 0,
        size: Number(headers['content-length'] ?? 0),
      });
    });
    cdp.on('Network.loadingFinished', (event) => {
      const script = scripts.get(event.requestId);
      if (script) script.bytes = event.encodedDataLength;
    });

    await page.goto(`${origin}/field`, { timeout: 120_000 });
    await page.waitForFunction(
      () => (window as unknown as { __fieldRendered?: number }).__fieldRendered,
      null,
      {
        timeout: 120_000,
        polling: 100,
      },
    );
    const firstRenderMs = await page.evaluate(
      () => (window as unknown as { __fieldRendered: number }).__fieldRendered,
    );
    // The list shows this official's case; nothing more is fetched for the route.
    await page.locator(`[data-testid="field-case"][data-case-id="${caseId}"]`).waitFor();
    await page.waitForLoadState('networkidle', { timeout: 120_000 });

    const scriptBodyBytes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).encodedBodySize, 0),
    );
    const loaded = [...scripts.values()];
    const scriptGzipBytes = loaded
      .map(
        (script) => gzipSync(readFileSync(`${DIST}/apps/web/browser${new URL(script.url).pathname}`)).length,
      )
      .reduce((sum, size) => sum + size, 0);
    await context.close();
    return {
      scriptBodyBytes,
      scriptWireBytes: loaded.reduce((sum, script) => sum + script.bytes, 0),
      scriptGzipBytes,
      scripts: loaded.length,
      encodings: [...new Set(loaded.filter((script) => script.size > 1024).map((script) => script.encoding))],
      firstRenderMs: Math.round(firstRenderMs),
    };
  }

  it('loads 今日工作 cold with little JavaScript and renders it on slow 3G within seconds', async () => {
    const direct = await coldLoad(baseUrl(), false);
    const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const compressed3g = await coldLoad(proxied, true);
    const asServed3g = await coldLoad(baseUrl(), true);

    console.log(
      [
        `field.initial-js.gzip: ${kB(compressed3g.scriptBodyBytes)} kB (${compressed3g.scripts} scripts, encoded bodies; ${kB(compressed3g.scriptWireBytes)} kB with headers)`,
        `field.initial-js.as-served: ${kB(direct.scriptBodyBytes)} kB (content-encoding: ${direct.encodings.join(', ')}; gzip of the same files ${kB(direct.scriptGzipBytes)} kB)`,
        `field.first-render.3g: ${compressed3g.firstRenderMs} ms (300 ms, 400 kbit/s, CPU ×${CPU_SLOWDOWN}, gzip)`,
        `field.first-render.3g.as-served: ${asServed3g.firstRenderMs} ms (same line, content-encoding: ${asServed3g.encodings.join(', ')})`,
      ].join('\n'),
    );

    // The same scripts whichever way they came.
    expect(compressed3g.scripts).toBe(direct.scripts);
    expect(compressed3g.encodings).toEqual(['gzip']);
    expect(compressed3g.scriptBodyBytes).toBeLessThan(MAX_INITIAL_JS_GZIP_KB * 1000);
    expect(direct.scriptGzipBytes).toBeLessThan(MAX_INITIAL_JS_GZIP_KB * 1000);
    expect(compressed3g.firstRenderMs).toBeLessThan(MAX_FIRST_RENDER_3G_MS);
  }, 300_000);

  it('shows the case card on a 360 px phone: tap to call the guardian, then record a visit', async () => {
    const context = await phoneContext(browser);
    contexts.push(context);
    const page: Page = await context.newPage();
    await signIn(page, 'village.official');

    // Today's work comes first on the home page.
    await page.getByTestId('home-today').click();
    await page.waitForURL(/\/field$/);
    const row = page.locator(`[data-testid="field-case"][data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SCREENSHOTS}/field-1-today.png` });

    await row.click();
    await page.waitForURL(new RegExp(`/field/cases/${caseId}$`));
    expect(await page.getByTestId('field-card-name').innerText()).toBe(childName);
    const calls = page.getByTestId('field-call');
    await calls.first().waitFor();
    const digits = (phone: string): string => phone.replace(/[^\d+]/g, '');
    const links = await calls.evaluateAll((anchors) =>
      anchors.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent ?? '' })),
    );
    expect(links.map((link) => link.href).sort()).toEqual(
      phones.map((phone) => `tel:${digits(phone)}`).sort(),
    );
    // The full number, never masked, on the button itself.
    for (const link of links)
      expect(phones.some((p) => link.text.includes(p) && link.href === `tel:${digits(p)}`)).toBe(true);
    for (const target of [calls.first(), page.getByTestId('field-record-visit')]) {
      const box = await target.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SCREENSHOTS}/field-2-card.png` });
    await page.screenshot({ path: `${SCREENSHOTS}/field-2-card-full.png`, fullPage: true });

    await page.getByTestId('field-record-visit').click();
    await page.waitForURL(new RegExp(`/field/cases/${caseId}/visit$`));
  }, 120_000);
});
