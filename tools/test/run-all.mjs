#!/usr/bin/env node
// The whole test suite, as `npm test` runs it locally and in CI: static checks, unit tests,
// builds, integration tests against the real PostgreSQL and Redis, and browser tests
// against the built app. Every step runs even if an earlier one failed; the last line
// totals every runner: `tests: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const RESULTS = 'tmp/test-results';
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  TZ: 'UTC',
  FORCE_COLOR: '0',
};
const totals = { passed: 0, failed: 0 };
const summary = [];

function run(command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

/** A check that is not a test runner (lint, types, format, build) counts as one test. */
function check(name, command, args) {
  console.log(`\n=== ${name} ===`);
  const { ok, seconds } = run(command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds.toFixed(0)} s)`);
  return ok;
}

/** A jest run: its own counts go into the totals; a crash with no report counts as one failure. */
function jest(name, config, extra = []) {
  console.log(`\n=== ${name} ===`);
  const output = join(RESULTS, `${name}.json`);
  const { ok, seconds } = run('npx', [
    'jest',
    '-c',
    config,
    '--ci',
    '--json',
    `--outputFile=${output}`,
    ...extra,
  ]);
  let passed = 0;
  let failed = 0;
  if (existsSync(output)) {
    const report = JSON.parse(readFileSync(output, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
    if (report.numTotalTests === 0) failed += 1;
  }
  if (!ok && failed === 0) failed = 1;
  totals.passed += passed;
  totals.failed += failed;
  summary.push(
    `${ok ? 'ok  ' : 'FAIL'} ${name}: ${passed} passed, ${failed} failed (${seconds.toFixed(0)} s)`,
  );
}

check('format', 'npx', ['prettier', '--check', '.']);
check('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static']);
check('typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', '--outputStyle=static']);
jest('unit-domain', 'libs/domain/jest.config.cts');
jest('unit-api', 'apps/api/jest.config.cts');
jest('unit-web', 'apps/web/jest.config.cts');
const built = check('build', 'npx', [
  'nx',
  'run-many',
  '-t',
  'build',
  '-p',
  'api,web',
  '--outputStyle=static',
]);
jest('integration-api', 'apps/api/jest.int.config.cts', ['--runInBand=false']);
if (built) jest('browser', 'apps/web-e2e/jest.config.cts', ['--runInBand']);
else {
  totals.failed += 1;
  summary.push('FAIL browser: skipped, the build failed');
}

console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
