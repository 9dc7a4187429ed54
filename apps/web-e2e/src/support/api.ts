import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { baseUrl } from './server';
import { DEMO_PASSWORD } from './session';

/**
 * Data set-up through the API: each demo user's session in a browser context of its own,
 * kept in `contexts` so the suite closes them.
 */
export async function apiAs(
  browser: Browser,
  contexts: BrowserContext[],
  username: string,
): Promise<APIRequestContext> {
  const apiContext = await browser.newContext();
  contexts.push(apiContext);
  const response = await apiContext.request.post(`${baseUrl()}/api/auth/login`, {
    data: { username, password: DEMO_PASSWORD },
  });
  if (!response.ok()) throw new Error(`login ${username} failed: ${response.status()}`);
  return apiContext.request;
}

export async function apiPost<T>(api: APIRequestContext, path: string, data: unknown): Promise<T> {
  const response = await api.post(`${baseUrl()}${path}`, { data });
  if (!response.ok()) throw new Error(`POST ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}
