import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { launchChromium } from './support/browser';
import { SCREENSHOTS, signIn } from './support/session';
import { baseUrl, E2E } from './support/server';

/** YYYY-MM-DD in China today. */
const chinaToday = (): string => new Date(Date.now() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);

/**
 * The printable notices from a case's own data: the written order to the guardian
 * (限期返校通知书, with its receipt) and the written report to the township and the bureau,
 * as A4 pages in Chinese without the app's chrome.
 */
describe('printable notices (限期返校通知书 · 书面报告)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let child: { id: string; fullName: string };
  let caseId: string;
  let orderId: string;
  const orderNumber = `${Date.now() % 1000}`;

  /** Calls the API with the page's session cookie. */
  async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await page.request.fetch(`${baseUrl()}${path}`, { method, data: body });
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT s.id, s.full_name AS "fullName" FROM students s
          WHERE s.school_id IS NOT NULL AND s.region_path LIKE '%/370829104/%'
            AND EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
          ORDER BY s.id DESC LIMIT 1`,
      );
      child = rows[0];
    } finally {
      await db.end();
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 800, height: 1100 }, locale: 'zh-CN' });
    page = await context.newPage();
    await signIn(page, 'bureau.officer');

    caseId = (
      await api<{ id: string }>('POST', '/api/cases', {
        studentId: child.id,
        type: 'suspected_dropout',
        source: 'village_patrol',
        primaryReason: 'learning_difficulty',
        otherReasons: ['working_away'],
      })
    ).id;
    await api('POST', `/api/cases/${caseId}/interventions`, {
      clientId: randomUUID(),
      kind: 'home_visit',
      occurredOn: chinaToday(),
      outcome: 'refuses',
      notes: '家长不同意返校',
    });
    orderId = (
      await api<{ id: string }>('POST', `/api/cases/${caseId}/interventions`, {
        clientId: randomUUID(),
        kind: 'written_order',
        occurredOn: chinaToday(),
        orderNumber,
      })
    ).id;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('renders the written order to the guardian from the case, A4, with its receipt', async () => {
    await page.goto(`${baseUrl()}/cases/${caseId}/notices/written-order/${orderId}`);
    const notice = page.getByTestId('notice-page');
    // The page shell comes first; the document once the case's data has loaded.
    await page.getByTestId('notice-issuer').waitFor();
    const text = await notice.innerText();
    expect(text).toContain('限期返校通知书');
    expect(text).toContain(child.fullName);
    expect(text).toContain('义务教育法');
    expect(await page.getByTestId('notice-number').innerText()).toContain(orderNumber);
    expect(await page.getByTestId('notice-issuer').innerText()).toContain('疃里镇');
    expect(await page.getByTestId('notice-deadline').innerText()).toMatch(/\d{4}\s*年/);
    const receipt = await page.getByTestId('notice-receipt').innerText();
    expect(receipt).toMatch(/回\s*执/);
    expect(receipt).toContain(child.fullName);
    // No full ID number on paper.
    expect(text).not.toMatch(/\d{17}[\dX]/);
    await page.screenshot({ path: `${SCREENSHOTS}/notice-written-order.png`, fullPage: true });

    // Printed, the app's chrome is gone and the page is A4 (595 × 842 pt).
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('user-name').isVisible()).toBe(false);
    expect(await page.getByTestId('notice-print').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    expect(pdf.startsWith('%PDF')).toBe(true);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(box).not.toBeNull();
    expect(Math.round(Number(box?.[1]))).toBe(595);
    expect(Math.round(Number(box?.[2]))).toBe(842);
  });

  it('renders the written report to the township and the bureau with the persuasion trail', async () => {
    await page.goto(`${baseUrl()}/cases/${caseId}/notices/township-report`);
    await page.getByTestId('notice-recipients').waitFor();
    const text = await page.getByTestId('notice-page').innerText();
    expect(text).toContain('书面报告');
    expect(text).toContain(child.fullName);
    const recipients = await page.getByTestId('notice-recipients').innerText();
    expect(recipients).toContain('疃里镇');
    expect(recipients).toContain('教育');
    expect(await page.getByTestId('notice-trail-row').count()).toBe(2);
    await page.screenshot({ path: `${SCREENSHOTS}/notice-township-report.png`, fullPage: true });
  });
});
