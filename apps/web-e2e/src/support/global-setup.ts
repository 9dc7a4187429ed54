import { existsSync } from 'node:fs';
import { startServer } from './server';

declare global {
  // eslint-disable-next-line no-var
  var __BAOXUE_E2E_SERVER__: import('node:child_process').ChildProcess | undefined;
}

export default async function globalSetup(): Promise<void> {
  for (const built of ['dist/apps/api/main.js', 'dist/apps/web/browser/index.html']) {
    if (!existsSync(built))
      throw new Error(`${built} is missing: build first (npx nx run-many -t build -p api,web)`);
  }
  globalThis.__BAOXUE_E2E_SERVER__ = await startServer();
}
