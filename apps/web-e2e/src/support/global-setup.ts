import { existsSync } from 'node:fs';
import { DIST, startServer } from './server';

declare global {
  // eslint-disable-next-line no-var
  var __BAOXUE_E2E_SERVER__: import('node:child_process').ChildProcess | undefined;
}

export default async function globalSetup(): Promise<void> {
  for (const built of [`${DIST}/apps/api/main.js`, `${DIST}/apps/web/browser/index.html`]) {
    if (!existsSync(built))
      throw new Error(`${built} is missing: build first (npx nx run-many -t build -p api,web)`);
  }
  globalThis.__BAOXUE_E2E_SERVER__ = await startServer();
}
