import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CASE_REASON_LABELS, CASE_SOURCE_LABELS, CASE_STATE_LABELS, CASE_TYPE_LABELS } from '@baoxue/domain';
import { launchChromium } from './support/browser';
import { baseUrl } from './support/server';

const SCREENSHOTS = 'apps/web-e2e/screenshots';
const DEMO_PASSWORD = process.env['DEMO_PASSWORD'] ?? 'Baoxue@2026';

describe('a case in the browser (个案)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      locale: 'zh-CN',
      deviceScaleFactor: 2,
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context.close();
    await browser.close();
  });

  async function choose(testId: string, label: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-item-option').filter({ hasText: label }).first().click();
  }

  it('school.teacher opens a case from a child’s page and records a home visit', async () => {
    await page.goto(baseUrl());
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-username').fill('school.teacher');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();

    await page.goto(`${baseUrl()}/students`);
    await page.getByTestId('student-row').filter({ visible: true }).first().click();
    await page.getByTestId('open-case-button').click();
    await page.waitForURL(/\/cases\/new/);
    await choose('case-type', CASE_TYPE_LABELS.suspected_dropout.zh);
    await choose('case-source', CASE_SOURCE_LABELS.school_attendance.zh);
    await choose('case-primary-reason', CASE_REASON_LABELS.learning_difficulty.zh);
    await page.getByTestId('open-case-submit').click();

    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('case-state').innerText()).toContain(CASE_STATE_LABELS.suspected.zh);

    await page.getByTestId('record-intervention').click();
    await page.getByTestId('intervention-notes').fill('与班主任一起家访，家长表示下周一送孩子返校。');
    await page.getByTestId('intervention-submit').click();
    await page.getByTestId('intervention-row').first().waitFor();
    expect(await page.getByTestId('intervention-row').count()).toBe(1);
    // Every label is translated: no raw translation key on the page.
    expect(await page.locator('body').innerText()).not.toMatch(/\b(cases|titles|nav|errors)\.[a-zA-Z_.]+\b/);
    await page.screenshot({ path: `${SCREENSHOTS}/case-with-visit.png`, fullPage: true });
  });
});
