import { mkdirSync, statSync } from 'node:fs';
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
const MAX_INITIAL_JS_KB = 250;
const MAX_FIRST_RENDER_3G_MS = 15_000;
/** Below this a compressor may leave a response as it is (the API's threshold too). */
const COMPRESS_THRESHOLD_BYTES = 1024;

const kB = (bytes: number): string => (bytes / 1000).toFixed(1);

interface ScriptLoad {
  url: string;
  /** The response's Content-Encoding, lower-cased; 'identity' when it has none. */
  encoding: string;
  /** Body bytes as transferred (encoded), from resource timing. */
  transferred: number;
  /** Body bytes once decoded, from resource timing. */
  uncompressed: number;
}

interface ColdLoad {
  scripts: ScriptLoad[];
  /** ms from navigation start until the 今日工作 list was in the page. */
  firstRenderMs: number;
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
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  /**
   * Opens /field as served, in a fresh context (empty cache, no service worker) signed in as
   * the village official, on slow 3G with a slow CPU, and measures the load.
   */
  async function coldLoad(): Promise<ColdLoad> {
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
    await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // Content-Encoding of every script response, by URL. Header names arrive as the server
    // or the protocol version spells them, so they are compared lower-cased.
    const encodings = new Map<string, string>();
    cdp.on('Network.responseReceived', (event) => {
      if (event.type !== 'Script') return;
      const header = Object.entries(event.response.headers).find(
        ([name]) => name.toLowerCase() === 'content-encoding',
      );
      encodings.set(event.response.url, header ? String(header[1]).trim().toLowerCase() : 'identity');
    });

    await page.goto(`${baseUrl()}/field`, { timeout: 120_000 });
    await page.waitForFunction(
      () => (window as unknown as { __fieldRendered?: number }).__fieldRendered,
      null,
      { timeout: 120_000, polling: 100 },
    );
    const firstRenderMs = await page.evaluate(
      () => (window as unknown as { __fieldRendered: number }).__fieldRendered,
    );
    // The list shows this official's case; nothing more is fetched for the route.
    await page.locator(`[data-testid="field-case"][data-case-id="${caseId}"]`).waitFor();
    await page.waitForLoadState('networkidle', { timeout: 120_000 });

    // Body sizes, encoded and decoded, of every script the page fetched (same origin, so the
    // browser exposes them).
    const timings = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry as PerformanceResourceTiming)
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .map((entry) => ({
          url: entry.name,
          transferred: entry.encodedBodySize,
          uncompressed: entry.decodedBodySize,
        })),
    );
    await context.close();
    // Each script is seen by both the protocol and the page.
    expect(timings.map((timing) => timing.url).sort()).toEqual([...encodings.keys()].sort());
    return {
      scripts: timings.map((timing) => ({ ...timing, encoding: encodings.get(timing.url) ?? 'identity' })),
      firstRenderMs: Math.round(firstRenderMs),
    };
  }

  it('loads 今日工作 cold with little, compressed JavaScript and renders it on slow 3G within seconds', async () => {
    const load = await coldLoad();
    const sum = (bytes: (script: ScriptLoad) => number): number =>
      load.scripts.reduce((total, script) => total + bytes(script), 0);
    const transferred = sum((script) => script.transferred);
    const uncompressed = sum((script) => script.uncompressed);
    const encodings = [...new Set(load.scripts.map((script) => script.encoding))].sort();

    console.log(
      [
        `field.initial-js.transferred: ${kB(transferred)} kB (${load.scripts.length} scripts, ${encodings.join(', ')}; uncompressed ${kB(uncompressed)} kB)`,
        `field.first-render.3g: ${load.firstRenderMs} ms (300 ms, 400 kbit/s, CPU ×${CPU_SLOWDOWN})`,
      ].join('\n'),
    );

    expect(load.scripts.length).toBeGreaterThan(0);
    for (const script of load.scripts) {
      // The decoded sizes are the built files themselves, so the figures measure real bodies.
      expect({
        url: script.url,
        uncompressed: statSync(`${DIST}/apps/web/browser${new URL(script.url).pathname}`).size,
      }).toEqual({ url: script.url, uncompressed: script.uncompressed });
      if (script.uncompressed > COMPRESS_THRESHOLD_BYTES) {
        expect({ url: script.url, encoding: script.encoding }).toEqual({
          url: script.url,
          encoding: expect.stringMatching(/^(br|gzip)$/),
        });
        expect(script.transferred).toBeLessThan(script.uncompressed);
      }
    }
    expect(transferred).toBeLessThan(MAX_INITIAL_JS_KB * 1000);
    expect(load.firstRenderMs).toBeLessThan(MAX_FIRST_RENDER_3G_MS);
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
