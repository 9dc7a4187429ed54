import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CurrentUser } from '@baoxue/contracts';
import { ROLE_LABELS } from '@baoxue/domain';
import { launchChromium } from './support/browser';
import { DEMO_PASSWORD, SCREENSHOTS, phoneContext, submitLogin } from './support/session';
import { baseUrl } from './support/server';

describe('signing in (browser)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(() => browser.close());

  beforeEach(async () => {
    // A village official's phone: 360 px wide.
    context = await phoneContext(browser);
    page = await context.newPage();
  });
  afterEach(() => context.close());

  it('loads the app in Simplified Chinese and sends a signed-out visitor to the login page', async () => {
    await page.goto(baseUrl());
    await page.waitForURL(/\/login/);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect(page.getByTestId('login-submit').isVisible()).resolves.toBe(true);
    expect(await page.title()).toContain('保学');
  });

  it('shows an error for a wrong password', async () => {
    await submitLogin(page, 'village.official', 'Wrong-password-1');
    await page.getByTestId('login-error').waitFor();
    expect(page.url()).toMatch(/\/login/);
  });

  it('village.official signs in, sees their name and village in Chinese, then switches to English', async () => {
    await submitLogin(page, 'village.official', DEMO_PASSWORD);
    await page.getByTestId('user-name').waitFor();
    const me = (await (await page.request.get(`${baseUrl()}/api/auth/me`)).json()) as CurrentUser;
    expect(me.username).toBe('village.official');
    if (me.scope.kind !== 'region') throw new Error('village.official should have a region scope');

    expect(await page.getByTestId('user-name').innerText()).toContain(me.displayName);
    const scope = await page.getByTestId('user-scope').innerText();
    expect(scope).toContain(me.scope.region.name);
    expect(scope).toContain('进士张');
    expect(await page.locator('body').innerText()).toContain(ROLE_LABELS.village_official.zh);
    await page.screenshot({ path: `${SCREENSHOTS}/home-zh-CN.png`, fullPage: true });

    await page.getByTestId('lang-switch').click();
    const english = page.getByText('English', { exact: true });
    if (await english.isVisible().catch(() => false)) await english.click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByText(ROLE_LABELS.village_official.en).filter({ visible: true }).first().waitFor();
    expect(await page.getByTestId('user-name').innerText()).toContain(me.displayName);
    await page.screenshot({ path: `${SCREENSHOTS}/home-en.png`, fullPage: true });

    // The choice is remembered across a reload.
    await page.reload();
    await page.getByTestId('user-name').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it("bureau.officer reveals a child's ID number with a reason; a village official cannot", async () => {
    await submitLogin(page, 'bureau.officer', DEMO_PASSWORD);
    await page.getByTestId('user-name').waitFor();
    await page.goto(`${baseUrl()}/students`);
    await page.getByTestId('student-row').filter({ visible: true }).first().click();
    await page.getByTestId('student-name').waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/\d{17}[\dX]/);

    await page.getByTestId('reveal-button').click();
    await page.getByTestId('reveal-reason').fill('核查疑似辍学情况');
    await page.getByTestId('reveal-confirm').click();
    await page.getByTestId('reveal-confirm').waitFor({ state: 'detached' });
    const revealed = await page.getByTestId('revealed-id-number').innerText();
    expect(revealed.trim()).toMatch(/^370829\d{11}[\dX]$/);
    await page.screenshot({ path: `${SCREENSHOTS}/student-revealed.png`, fullPage: true });

    await context.clearCookies();
    await submitLogin(page, 'village.official', DEMO_PASSWORD);
    await page.getByTestId('user-name').waitFor();
    await page.goto(`${baseUrl()}/students`);
    await page.getByTestId('student-row').filter({ visible: true }).first().click();
    await page.getByTestId('student-name').waitFor();
    expect(await page.getByTestId('reveal-button').count()).toBe(0);
  });
});
