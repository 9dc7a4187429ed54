import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import {
  CASE_REASON_LABELS,
  CASE_STATE_LABELS,
  DEFAULT_CASE_SETTINGS,
  INTERVENTION_OUTCOME_LABELS,
  RETURN_MODE_LABELS,
  TransitionName,
} from '@baoxue/domain';
import { launchChromium } from './support/browser';
import { SCREENSHOTS, choose, phoneContext, signIn } from './support/session';
import { baseUrl, E2E } from './support/server';

const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD in China, `daysAgo` days before now. */
const chinaDate = (daysAgo = 0): string =>
  new Date(Date.now() + 8 * 60 * 60 * 1000 - daysAgo * DAY_MS).toISOString().slice(0, 10);

/** Moves the server's clock (TEST_CLOCK=true on the e2e server); 0 puts it back. */
async function moveServerClock(days: number): Promise<void> {
  const response = await fetch(`${baseUrl()}/api/testing/clock`, {
    method: days === 0 ? 'DELETE' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: days === 0 ? undefined : JSON.stringify({ advanceDays: days }),
  });
  if (!response.ok) throw new Error(`moving the server clock failed: ${response.status}`);
}

/**
 * The whole workflow of issue 3 on a phone, each party in its own browser session: a
 * teacher reports a child absent; the village official finds it in "my cases" and records a
 * home visit; the bureau officer verifies, confirms the dropout and records the return;
 * after the monitoring window (the server's clock moved) the village official requests
 * closing and the bureau officer — someone else (四眼原则) — approves it.
 */
describe('a case from report to closing (一人一案全流程)', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let child: { id: string; fullName: string };
  let schoolName: string;
  let caseUrl: string;

  /** A fresh browser session (own cookies) signed in as `username`. */
  async function signInFresh(username: string): Promise<void> {
    await context?.close();
    context = await phoneContext(browser);
    page = await context.newPage();
    await signIn(page, username);
  }

  async function shot(name: string): Promise<void> {
    // From the top, so the sticky header sits where it belongs in a full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/workflow-${name}.png`, fullPage: true });
  }

  async function expectState(state: keyof typeof CASE_STATE_LABELS): Promise<void> {
    await page.getByTestId('case-state').filter({ hasText: CASE_STATE_LABELS[state].zh }).waitFor();
  }

  /** Takes a transition from the case page: its button, its fields (filled by `fill`), confirm. */
  async function transition(name: TransitionName, fill?: () => Promise<void>): Promise<void> {
    const button = page.getByTestId(`transition-${name}`);
    await button.waitFor();
    if (await button.isDisabled()) {
      const unmet = await page
        .getByTestId(`transition-unmet-${name}`)
        .innerText()
        .catch(() => '');
      throw new Error(`${name} is offered but disabled: ${unmet}`);
    }
    await button.click();
    if (fill) await fill();
    await page.getByTestId('transition-confirm').click();
    await page.getByTestId('transition-confirm').waitFor({ state: 'hidden' });
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A child of the teacher's school whose 户籍 is the village official's village (进士张),
    // with a guardian, no case yet, and a name no other child of the school shares.
    const db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT s.id, s.full_name AS "fullName", o.name AS "schoolName"
           FROM students s
           JOIN users t ON t.username = 'school.teacher' AND s.school_id = t.scope_school_id
           JOIN users v ON v.username = 'village.official' AND s.region_path = v.scope_path
           JOIN organisations o ON o.id = s.school_id
          WHERE EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM students o2 WHERE o2.id <> s.id AND o2.full_name = s.full_name)
          ORDER BY s.full_name LIMIT 1`,
      );
      if (!rows[0]) throw new Error('no child of the teacher’s school from 进士张 without a case');
      child = { id: rows[0].id, fullName: rows[0].fullName };
      schoolName = rows[0].schoolName;
    } finally {
      await db.end();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await moveServerClock(0).catch(() => undefined);
    await context?.close();
    await browser?.close();
  });

  it('school.teacher reports a child absent from the report form', async () => {
    await signInFresh('school.teacher');
    await page.goto(`${baseUrl()}/cases/report`);
    await page.getByTestId('report-student-search').fill(child.fullName);
    await page.getByTestId('report-student-search').press('Enter');
    await page.getByTestId('report-student-option').filter({ hasText: child.fullName }).first().click();
    await page.getByTestId('report-kind-absent').check();
    await page.getByTestId('report-absent-since').fill(chinaDate(4));
    await choose(page, 'report-reason', CASE_REASON_LABELS.learning_difficulty.zh);
    await page.getByTestId('report-note').fill('连续三天未到校，电话联系家长未接通。');
    await shot('1-report');
    await page.getByTestId('report-submit').click();

    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    await expectState('suspected');
    expect(await page.getByTestId('case-child').innerText()).toContain(child.fullName);
    await shot('2-reported');
  });

  it('village.official finds it in my cases and records a home visit', async () => {
    await signInFresh('village.official');
    await page.goto(`${baseUrl()}/cases/mine`);
    const row = page.getByTestId('my-case-row').filter({ hasText: child.fullName }).first();
    await row.waitFor();
    await shot('3-my-cases');
    await row.click();
    await page.waitForURL(caseUrl);
    await expectState('suspected');

    await page.getByTestId('record-intervention').click();
    await page.getByTestId('intervention-people').fill('村主任、班主任、母亲');
    await choose(page, 'intervention-outcome', INTERVENTION_OUTCOME_LABELS.willing_to_return.zh);
    await page.getByTestId('intervention-notes').fill('入户家访：孩子在家玩手机，家长同意下周送返学校。');
    await page.getByTestId('intervention-submit').click();
    await page.getByTestId('intervention-row').first().waitFor();
    expect(await page.getByTestId('intervention-row').count()).toBe(1);
    expect(await page.getByTestId('intervention-row').innerText()).toContain(
      INTERVENTION_OUTCOME_LABELS.willing_to_return.zh,
    );
    await shot('4-home-visit');
  });

  it('bureau.officer verifies, confirms the dropout and records the return', async () => {
    await signInFresh('bureau.officer');
    await page.goto(caseUrl);
    await transition('start_verification');
    await expectState('verifying');

    // The report named the teacher and the village official (both lines); a guardian is on record.
    await transition('confirm_dropout');
    await expectState('persuading');
    await shot('5-persuading');

    await transition('record_return', async () => {
      await choose(page, 'transition-field-returnSchoolId', schoolName, schoolName);
      await page.getByTestId('transition-field-returnDate').locator('input').fill(chinaDate());
      await choose(page, 'transition-field-returnMode', RETURN_MODE_LABELS.original_class.zh);
    });
    await expectState('monitoring');
    await shot('6-monitoring');
  });

  it('after the monitoring window the village official requests closing and the officer approves', async () => {
    await moveServerClock(DEFAULT_CASE_SETTINGS.monitoringWindowDays + 1);

    // Sessions expire by the server's clock too: everyone signs in again.
    await signInFresh('village.official');
    await page.goto(caseUrl);
    await transition('request_closing');
    // Requested once: the action stays, disabled, until the officer decides.
    await page.getByTestId('transition-unmet-request_closing').waitFor();
    await shot('7-closing-requested');

    await signInFresh('bureau.officer');
    await page.goto(caseUrl);
    await transition('approve_closing');
    await expectState('closed');
    expect(await page.locator('body').innerText()).not.toMatch(/\b(cases|titles|nav|errors)\.[a-zA-Z_.]+\b/);
    await shot('8-closed');
  });
});
