import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { CASE_REASON_LABELS, CASE_SOURCE_LABELS, CASE_STATE_LABELS, CASE_TYPE_LABELS } from '@baoxue/domain';
import { launchChromium } from './support/browser';
import { SCREENSHOTS, choose, phoneContext, signIn } from './support/session';
import { baseUrl, E2E } from './support/server';

describe('a case in the browser (个案)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let childName: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A child of the teacher's school with no case yet, whose name is unique: other suites
    // share the database and open cases of their own, in any order.
    const db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT s.full_name AS "fullName" FROM students s
           JOIN users t ON t.username = 'school.teacher' AND s.school_id = t.scope_school_id
          WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM students o2 WHERE o2.id <> s.id AND o2.full_name = s.full_name)
          ORDER BY s.full_name LIMIT 1`,
      );
      if (!rows[0]) throw new Error('no child of the teacher’s school without a case');
      childName = rows[0].fullName;
    } finally {
      await db.end();
    }
    browser = await launchChromium();
    context = await phoneContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context.close();
    await browser.close();
  });

  it('school.teacher opens a case from a child’s page and records a home visit', async () => {
    await signIn(page, 'school.teacher');

    await page.goto(`${baseUrl()}/students`);
    await page.getByTestId('student-search').fill(childName);
    await page.getByTestId('student-search').press('Enter');
    await page.getByTestId('student-row').filter({ visible: true, hasText: childName }).first().click();
    await page.getByTestId('open-case-button').click();
    await page.waitForURL(/\/cases\/new/);
    await choose(page, 'case-type', CASE_TYPE_LABELS.suspected_dropout.zh);
    await choose(page, 'case-source', CASE_SOURCE_LABELS.school_attendance.zh);
    await choose(page, 'case-primary-reason', CASE_REASON_LABELS.learning_difficulty.zh);
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
