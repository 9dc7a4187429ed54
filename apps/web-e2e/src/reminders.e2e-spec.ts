import { mkdirSync } from 'node:fs';
import { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import type { CaseDetail, CountySettings } from '@baoxue/contracts';
import { DUE_KIND_LABELS } from '@baoxue/domain';
import { launchChromium } from './support/browser';
import { SCREENSHOTS, phoneContext, signIn } from './support/session';
import { apiAs as apiAsUser, apiPost } from './support/api';
import { baseUrl, E2E } from './support/server';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The follow-up interval the officer sets (the default is 7). */
const FOLLOW_UP_DAYS = 3;

/** YYYY-MM-DD in China, `daysAgo` days before now. */
const chinaDate = (daysAgo = 0): string =>
  new Date(Date.now() + 8 * 60 * 60 * 1000 - daysAgo * DAY_MS).toISOString().slice(0, 10);

async function testingCall(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${baseUrl()}/api/testing/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /api/testing/${path} failed: ${response.status}`);
}

/** Moves the server's clock (and so its worker's); 0 puts it back. */
const moveServerClock = (days: number): Promise<void> =>
  days === 0 ? testingCall('DELETE', 'clock') : testingCall('POST', 'clock', { advanceDays: days });

/** Has the worker sweep now: it promotes the reminder jobs the moved clock made due. */
const sweepReminders = (): Promise<void> => testingCall('POST', 'reminders/sweep', {});

/**
 * Reminders end to end on a phone: a bureau officer shortens the zone's follow-up interval;
 * a reported child's case goes to persuading; once the server's clock passes the follow-up
 * day, the village official responsible sees the bell count, opens the reminder in the
 * inbox, finds the item overdue in "my work" and marks everything read.
 */
describe('reminders in the browser (到期提醒)', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  const apiContexts: BrowserContext[] = [];
  let caseId: string;

  /** A fresh phone session (own cookies) signed in as `username`. */
  async function signInFresh(username: string): Promise<void> {
    await context?.close();
    context = await phoneContext(browser);
    page = await context.newPage();
    await signIn(page, username);
  }

  /** An API session of a demo user, with cookies of its own. */
  const apiAs = (username: string): Promise<APIRequestContext> => apiAsUser(browser, apiContexts, username);

  async function shot(name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/reminders-${name}.png`, fullPage: true });
  }

  const unread = async (): Promise<number> =>
    Number((await page.getByTestId('inbox-bell').getAttribute('data-unread')) ?? '0');

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await moveServerClock(0).catch(() => undefined);
    // Put the zone's rules back for the other browser tests.
    try {
      const officer = await apiAs('bureau.officer');
      const counties = (await (
        await officer.get(`${baseUrl()}/api/settings/reminders`)
      ).json()) as CountySettings[];
      for (const county of counties.filter((c) => !c.isDefault))
        await officer.put(`${baseUrl()}/api/settings/reminders/${county.regionId}`, {
          data: { settings: county.defaults, version: county.version },
        });
    } catch {
      // Best effort: the suite's database is dropped at the end anyway.
    }
    for (const apiContext of apiContexts) await apiContext.close();
    await context?.close();
    await browser?.close();
  });

  it('bureau.officer changes the follow-up interval on the settings page; it stays after a reload', async () => {
    await signInFresh('bureau.officer');
    await page.getByTestId('nav-reminder-settings').first().waitFor({ state: 'attached' });
    await page.goto(`${baseUrl()}/settings/reminders`);
    const followUp = page.getByTestId('setting-followUpDays').locator('input');
    await followUp.waitFor();
    await followUp.fill(String(FOLLOW_UP_DAYS));
    await followUp.press('Tab');
    await page.getByTestId('settings-save').click();
    await page.locator('.ant-message').filter({ hasText: '已保存' }).waitFor();
    expect(await page.getByTestId('settings-state').innerText()).toContain('已自定义');
    await shot('1-settings');

    await page.reload();
    await page.getByTestId('setting-followUpDays').locator('input').waitFor();
    expect(await page.getByTestId('setting-followUpDays').locator('input').inputValue()).toBe(
      String(FOLLOW_UP_DAYS),
    );
    // A value out of range is named at its field before anything is sent.
    await followUp.fill('0');
    await followUp.press('Tab');
    await page.getByTestId('setting-problem-followUpDays').filter({ hasText: '不能小于 1' }).waitFor();
  }, 120_000);

  it('village.official is reminded of an overdue follow-up: bell, inbox, case, my work, all read', async () => {
    // A child of the teacher's school from the village official's village, with a guardian and no case.
    const db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
    await db.connect();
    let studentId: string;
    try {
      const { rows } = await db.query(
        `SELECT s.id FROM students s
           JOIN users t ON t.username = 'school.teacher' AND s.school_id = t.scope_school_id
           JOIN users v ON v.username = 'village.official' AND s.region_path = v.scope_path
          WHERE EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
          ORDER BY s.full_name DESC LIMIT 1`,
      );
      if (!rows[0]) throw new Error('no child of the teacher’s school from 进士张 without a case');
      studentId = rows[0].id;
    } finally {
      await db.end();
    }

    // The teacher reports (naming the teacher and the village official); the officer verifies
    // and confirms the dropout: persuading from today, the follow-up due in FOLLOW_UP_DAYS.
    const teacher = await apiAs('school.teacher');
    let current = await apiPost<CaseDetail>(teacher, '/api/cases', {
      studentId,
      type: 'suspected_dropout',
      source: 'school_attendance',
      primaryReason: 'learning_difficulty',
      absentSince: chinaDate(4),
    });
    caseId = current.id;
    const officer = await apiAs('bureau.officer');
    for (const transition of ['start_verification', 'confirm_dropout'])
      current = await apiPost<CaseDetail>(officer, `/api/cases/${caseId}/transitions/${transition}`, {
        version: current.version,
      });
    expect(current.state).toBe('persuading');

    // A day past the follow-up day (after its reminder time), before any escalation.
    await moveServerClock(FOLLOW_UP_DAYS + 1);
    await sweepReminders();

    // Sessions expire by the server's clock too: sign in again.
    await signInFresh('village.official');
    const deadline = Date.now() + 120_000;
    while ((await unread()) < 1) {
      if (Date.now() > deadline) throw new Error('no reminder reached the bell within 120 s');
      await sweepReminders();
      await page.waitForTimeout(1_000);
      // Every navigation asks for the count again.
      await page.goto(`${baseUrl()}/`);
      await page.getByTestId('inbox-bell').waitFor();
    }
    await page.locator('[data-testid="inbox-bell"] .ant-badge-count').waitFor();
    await shot('2-bell');

    await page.getByTestId('inbox-bell').click();
    await page.waitForURL(/\/inbox$/);
    const reminder = page.locator(`[data-testid="inbox-item"][data-link="/cases/${caseId}"]`).first();
    await reminder.waitFor();
    expect(await reminder.getAttribute('data-read')).toBe('false');
    expect(await reminder.getByTestId('inbox-kind').innerText()).toBe('提醒');
    await shot('3-inbox');
    await reminder.getByTestId('inbox-view').click();
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    await page.getByTestId('case-state').waitFor();

    await page.goto(`${baseUrl()}/work`);
    const item = page
      .getByTestId('work-overdue')
      .locator(`[data-testid="work-item"][href="/cases/${caseId}"]`)
      .first();
    await item.waitFor();
    expect(await item.getByTestId('work-kind').innerText()).toBe(DUE_KIND_LABELS.follow_up.zh);
    expect(await item.getByTestId('work-when').innerText()).toBe('逾期 1 天');
    expect(await item.getByTestId('work-role').innerText()).toBe('责任人');
    await shot('4-work');

    await page.getByTestId('inbox-bell').click();
    await page.waitForURL(/\/inbox$/);
    await page.getByTestId('inbox-read-all').click();
    await page.locator('[data-testid="inbox-bell"][data-unread="0"]').waitFor();
    await page.locator('[data-testid="inbox-bell"] .ant-badge-count').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="inbox-item"][data-read="false"]').count()).toBe(0);
    await shot('5-all-read');
  }, 240_000);
});
