#!/usr/bin/env node
// `npm start`: build what is needed, then run the API, the worker and the web app in one
// process on http://localhost:3000 — creating, migrating and seeding the database as needed.
import { spawn, spawnSync } from 'node:child_process';

const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...process.env };
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api,web', '--outputStyle=static'], {
  stdio: 'inherit',
  env,
});
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, ['dist/apps/api/main.js'], {
  stdio: 'inherit',
  env: {
    DATABASE_CREATE: 'true',
    RUN_MIGRATIONS: 'true',
    SEED_DEMO: 'true',
    RUN_WORKER: 'true',
    // Plain http://localhost: a Secure cookie would not be sent by every client.
    COOKIE_SECURE: 'false',
    ...env,
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
