import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import type { CaseDetail, LedgerPage } from '@baoxue/contracts';
import { launchChromium } from './support/browser';
import { SCREENSHOTS, phoneContext, signIn } from './support/session';
import { apiAs as apiAsUser, apiPost } from './support/api';
import { baseUrl, E2E } from './support/server';

const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD in China, `daysAgo` days before now. */
const chinaDate = (daysAgo = 0): string =>
  new Date(Date.now() + 8 * 60 * 60 * 1000 - daysAgo * DAY_MS).toISOString().slice(0, 10);

interface Place {
  id: string;
  name: string;
}

/**
 * The leaders' dashboard (数据看板) end to end: with one open (劝返中) case in a village of the
 * demo zone, bureau.leader sees the zone not at zero, drills zone → town → village, clicks
 * through to the village's open cases and finds the case; the page on a phone; the village's
 * 辍学学生台账 downloads as a workbook exceljs opens, with the case's row.
 */
describe('the leaders’ dashboard (数据看板 · 动态清零)', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  const apiContexts: BrowserContext[] = [];
  let child: { id: string; fullName: string };
  let zone: Place;
  let town: Place;
  let village: Place;
  let caseId: string;

  /** An API session of a demo user, with cookies of its own. */
  const apiAs = (username: string): Promise<APIRequestContext> => apiAsUser(browser, apiContexts, username);

  async function shot(name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  }

  /** Waits until the dashboard shows `name` as its node, loaded. */
  async function expectNode(name: string): Promise<void> {
    await page.getByTestId('dashboard-node-name').filter({ hasText: name }).waitFor();
    await page.getByTestId('dashboard-headline').waitFor();
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A child of the teacher's school from the village official's village, with a guardian
    // and no case, and the village's town and zone.
    const db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT s.id, s.full_name AS "fullName",
                rv.id AS "villageId", rv.name AS "villageName",
                rt.id AS "townId", rt.name AS "townName",
                rz.id AS "zoneId", rz.name AS "zoneName"
           FROM students s
           JOIN users t ON t.username = 'school.teacher' AND s.school_id = t.scope_school_id
           JOIN users v ON v.username = 'village.official' AND s.region_path = v.scope_path
           JOIN regions rv ON rv.path = s.region_path
           JOIN regions rt ON rt.id = rv.parent_id
           JOIN regions rz ON rz.id = rt.parent_id
          WHERE EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM students o2 WHERE o2.id <> s.id AND o2.full_name = s.full_name)
          ORDER BY s.id LIMIT 1`,
      );
      const row = rows[0];
      if (!row) throw new Error('no child of the teacher’s school from 进士张 without a case');
      child = { id: row.id, fullName: row.fullName };
      village = { id: row.villageId, name: row.villageName };
      town = { id: row.townId, name: row.townName };
      zone = { id: row.zoneId, name: row.zoneName };
    } finally {
      await db.end();
    }
    browser = await launchChromium();

    // Reported by the teacher (naming the teacher and the village official: both lines);
    // the bureau officer verifies and confirms the dropout: one open case (劝返中).
    const teacher = await apiAs('school.teacher');
    let current = await apiPost<CaseDetail>(teacher, '/api/cases', {
      studentId: child.id,
      type: 'suspected_dropout',
      source: 'school_attendance',
      primaryReason: 'working_away',
      absentSince: chinaDate(5),
    });
    caseId = current.id;
    const officer = await apiAs('bureau.officer');
    for (const transition of ['start_verification', 'confirm_dropout'])
      current = await apiPost<CaseDetail>(officer, `/api/cases/${caseId}/transitions/${transition}`, {
        version: current.version,
      });
    expect(current.state).toBe('persuading');
  }, 120_000);

  afterAll(async () => {
    for (const apiContext of apiContexts) await apiContext.close();
    await context?.close();
    await browser?.close();
  });

  it('bureau.leader sees the zone not at zero, drills down to the village and clicks through to its case', async () => {
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    await signIn(page, 'bureau.leader');
    await page.getByTestId('nav-dashboard').first().click();
    await page.waitForURL(/\/dashboard/);

    await expectNode(zone.name);
    expect(await page.getByTestId('dashboard-headline').getAttribute('data-at-zero')).toBe('false');
    expect(await page.getByTestId('dashboard-zero').innerText()).toContain('未清零');
    expect(
      Number(await page.getByTestId('figure-open').locator('.figure-value').innerText()),
    ).toBeGreaterThanOrEqual(1);
    // Nodes not at zero come first: the town of the case leads the table.
    const townRow = page.locator(`[data-testid="child-row"][data-ref="region:${town.id}"]`);
    expect(await townRow.getAttribute('data-at-zero')).toBe('false');
    expect(await page.getByTestId('child-row').first().getAttribute('data-at-zero')).toBe('false');
    // Let the charts draw before the picture.
    await page.waitForTimeout(1_500);
    await shot('dashboard-zh-CN');

    await townRow.click();
    await page.waitForURL(new RegExp(`node=region(:|%3A)${town.id}`));
    await expectNode(town.name);
    expect(await page.getByTestId('crumb').first().innerText()).toContain(zone.name);

    await page.locator(`[data-testid="child-row"][data-ref="region:${village.id}"]`).click();
    await page.waitForURL(new RegExp(`node=region(:|%3A)${village.id}`));
    await expectNode(village.name);
    expect(await page.getByTestId('dashboard-headline').getAttribute('data-at-zero')).toBe('false');
    expect(await page.getByTestId('crumb').allInnerTexts()).toEqual([zone.name, town.name]);

    // A reload keeps the node (it is in the URL).
    await page.reload();
    await expectNode(village.name);

    // The open figure leads to the village's open cases, among them ours.
    await page.getByTestId('figure-open').click();
    await page.waitForURL(/\/cases\?/);
    expect(page.url()).toContain('state=persuading');
    expect(page.url()).toContain(`householdRegionId=${village.id}`);
    await page.locator(`a[href="/cases/${caseId}"]`).first().waitFor();
    expect(await page.locator('body').innerText()).toContain(child.fullName);

    // Back returns to the village's dashboard.
    await page.goBack();
    await expectNode(village.name);
  }, 120_000);

  it('shows the zone as it was at the end of yesterday, before the case was opened, and speaks English', async () => {
    await page.goto(`${baseUrl()}/dashboard`);
    await expectNode(zone.name);
    await page.getByTestId('dashboard-as-of').fill(chinaDate(1));
    await page.waitForURL(new RegExp(`asOf=${chinaDate(1)}`));
    await page.locator('[data-testid="dashboard-headline"][data-at-zero="true"]').waitFor();
    expect(await page.getByTestId('figure-open').locator('.figure-value').innerText()).toBe('0');

    await page.getByTestId('dashboard-as-of-clear').click();
    await page.locator('[data-testid="dashboard-headline"][data-at-zero="false"]').waitFor();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('dashboard-zero').filter({ hasText: 'Not at zero' }).waitFor();
    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('dashboard-zero').filter({ hasText: '未清零' }).waitFor();
  }, 90_000);

  it('stacks the cards and keeps the table readable on a 360 px phone', async () => {
    const phone = await phoneContext(browser);
    const phonePage = await phone.newPage();
    try {
      await signIn(phonePage, 'bureau.leader');
      await phonePage.goto(`${baseUrl()}/dashboard?node=region:${town.id}`);
      await phonePage.getByTestId('dashboard-node-name').filter({ hasText: town.name }).waitFor();
      await phonePage.waitForTimeout(1_500);
      await phonePage.screenshot({ path: `${SCREENSHOTS}/dashboard-zh-CN-360.png`, fullPage: true });
      // No sideways scrolling of the page itself (the table scrolls within its panel).
      const overflow = await phonePage.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(1);
    } finally {
      await phone.close();
    }
  }, 90_000);

  it('downloads the village’s 辍学学生台账 as a valid workbook with the case’s row', async () => {
    await page.goto(`${baseUrl()}/dashboard?node=region:${village.id}`);
    await expectNode(village.name);
    await page.getByTestId('ledger-kind').selectOption('dropout');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('ledger-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^辍学学生台账-.*\.xlsx$/);
    const file = join(tmpdir(), `bx-e2e-ledger-${process.pid}.xlsx`);
    await download.saveAs(file);

    const workbook = new Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const headerAt = rows.findIndex((cells) => cells[0] === '序号');
    expect(headerAt).toBeGreaterThanOrEqual(0);
    expect(rows[headerAt]).toContain('姓名');
    const dataRows = rows.slice(headerAt + 1).filter((cells) => typeof cells[0] === 'number');
    expect(dataRows.filter((cells) => cells.includes(child.fullName))).toHaveLength(1);

    // The same rows as the ledger the API lists for the village and day.
    const listed = await page.request.get(
      `${baseUrl()}/api/ledgers/dropout?node=region:${village.id}&date=${chinaDate()}&pageSize=200`,
    );
    expect(listed.ok()).toBe(true);
    const ledger = (await listed.json()) as LedgerPage;
    expect(dataRows).toHaveLength(ledger.total);
    // No full ID number in the leader's workbook.
    expect(JSON.stringify(dataRows)).not.toMatch(/\d{17}[\dX]/);
    await page.getByTestId('ledger-done').waitFor();
  }, 90_000);
});
