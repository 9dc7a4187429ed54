import { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl } from './server';

export const SCREENSHOTS = 'apps/web-e2e/screenshots';
export const DEMO_PASSWORD = process.env['DEMO_PASSWORD'] ?? 'Baoxue@2026';

/** A phone-sized session in Simplified Chinese, as most village officials use the app. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN', deviceScaleFactor: 2 });
}

/** Opens the app, lands on the login page and sends the form; the caller waits for what follows. */
export async function submitLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(baseUrl());
  await page.waitForURL(/\/login/);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Signs in and waits for the signed-in shell. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await submitLogin(page, username, password);
  await page.getByTestId('user-name').waitFor();
}

/** Picks `label` in the nz-select with this test id (or inside it), typing `search` first when given. */
export async function choose(page: Page, testId: string, label: string, search?: string): Promise<void> {
  const host = page.getByTestId(testId);
  const select =
    (await host.evaluate((el) => el.tagName.toLowerCase())) === 'nz-select'
      ? host
      : host.locator('nz-select');
  await select.click();
  if (search) await select.locator('input').fill(search);
  await page.locator('.ant-select-item-option').filter({ hasText: label }).first().click();
  await page.locator('.ant-select-dropdown').filter({ visible: true }).first().waitFor({ state: 'detached' });
}
