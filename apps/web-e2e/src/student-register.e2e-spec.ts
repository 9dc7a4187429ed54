import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { composeIdNumber, GUARDIAN_RELATION_LABELS, maskIdNumber, SEX_LABELS } from '@baoxue/domain';
import { launchChromium } from './support/browser';
import { SCREENSHOTS, choose, phoneContext, signIn } from './support/session';
import { baseUrl } from './support/server';

describe('registering a child in the browser (登记儿童)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    context = await phoneContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context.close();
    await browser.close();
  });

  it('school.teacher registers a pupil of their school with a guardian', async () => {
    // A synthetic child: 户籍 code 370829, born March 2017 — a fourth-grader in 2026–27.
    const idNumber = composeIdNumber('370829', '2017-03-04', 917);

    await signIn(page, 'school.teacher');

    await page.goto(`${baseUrl()}/students`);
    await page.getByTestId('register-student').click();
    await page.waitForURL(/\/students\/new$/);
    await page.getByTestId('student-form').waitFor();

    await page.getByTestId('student-full-name').fill('孔令晨');
    await page.getByTestId('student-id-number').fill(idNumber.toLowerCase());
    // The ID number fills in what it encodes.
    expect(await page.getByTestId('student-birth-date').inputValue()).toBe('2017-03-04');
    expect(
      await page.getByTestId('student-sex').locator('.ant-radio-button-wrapper-checked').innerText(),
    ).toContain(SEX_LABELS.male.zh);

    // School staff's scope is their school's village: the picker starts there.
    await page.getByTestId('student-hukou').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '进士张' }).first().click();
    // The school is fixed to the teacher's own.
    expect(await page.getByTestId('student-school').inputValue()).not.toBe('');
    await choose(page, 'student-grade', '四年级');
    await page.getByTestId('student-class').fill('2班');

    await page.getByTestId('guardian-name').fill('孔繁国');
    await choose(page, 'guardian-relation', GUARDIAN_RELATION_LABELS.father.zh);
    await page.getByTestId('guardian-phone').fill('13812345678');
    await page.screenshot({ path: `${SCREENSHOTS}/student-register-form.png`, fullPage: true });
    await page.getByTestId('student-submit').click();

    await page.waitForURL(/\/students\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('student-name').innerText()).toContain('孔令晨');
    const body = await page.locator('body').innerText();
    expect(body).toContain(maskIdNumber(idNumber));
    expect(body).not.toContain(idNumber);
    expect(await page.getByTestId('guardian').first().innerText()).toContain('孔繁国');
    expect(body).not.toMatch(/\b(students|titles|nav|errors)\.[a-zA-Z_.]+\b/);
    await page.screenshot({ path: `${SCREENSHOTS}/student-registered.png`, fullPage: true });
  });
});
