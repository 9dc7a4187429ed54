import { ChildProcess, spawn } from 'node:child_process';
import { Client } from 'pg';

/** Where the suite's own server listens, and its own database and Redis prefix. */
export const E2E = {
  port: Number(process.env['E2E_PORT'] ?? 3310),
  database: `bx_e2e_${process.env['E2E_RUN_ID'] ?? process.pid}`,
  serverUrl: process.env['TEST_DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432',
  redisUrl: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
};

/**
 * The built apps to serve: `dist` by default; E2E_DIST names a copy, so a build running
 * meanwhile in the same checkout cannot swap the bundles under a test.
 */
export const DIST = process.env['E2E_DIST'] ?? 'dist';

export const baseUrl = () => `http://127.0.0.1:${E2E.port}`;

export async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: `${E2E.serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Starts the built API (<DIST>/apps/api/main.js) exactly as `npm start` does — create the
 * database, migrate, seed the demo zone, serve the built web app — on a database of
 * its own, and waits until it is healthy.
 */
export async function startServer(): Promise<ChildProcess> {
  await dropDatabase(E2E.database);
  const child = spawn(process.execPath, [`${DIST}/apps/api/main.js`], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(E2E.port),
      HOST: '127.0.0.1',
      DATABASE_URL: `${E2E.serverUrl}/${E2E.database}`,
      REDIS_URL: E2E.redisUrl,
      REDIS_PREFIX: E2E.database,
      DATABASE_CREATE: 'true',
      RUN_MIGRATIONS: 'true',
      SEED_DEMO: 'true',
      // The worker runs in the same process, as `npm start` does: reminders fire in browser tests.
      RUN_WORKER: 'true',
      COOKIE_SECURE: 'false',
      WEB_DIST: `${DIST}/apps/web/browser`,
      LOG_LEVEL: 'warn',
      // Lets a test move the server's clock (POST /api/testing/clock), e.g. past the monitoring window.
      TEST_CLOCK: 'true',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Migrating and seeding a fresh database takes well over a minute on a busy 2-core machine.
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl()}/api/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill('SIGTERM');
  throw new Error('the server did not become healthy within 240 s');
}
