import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { Clock } from '../../apps/api/src/common/clock';
import { AppConfig, loadConfig } from '../../apps/api/src/config/app-config';
import { progress, seconds } from './bench-report';
import { deleteRedisPrefix } from './redis-prefix';

export const BENCH_SERVER_URL =
  process.env['BENCH_DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
export const BENCH_REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * A bench's app configuration: its own database on the bench server and its own Redis key
 * prefix, quiet logs, no web app; `extra` for what the bench sets besides.
 */
export function benchConfig(database: string, prefix: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `${BENCH_SERVER_URL}/${database}`,
    REDIS_URL: BENCH_REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    WEB_DIST: '',
    ...extra,
  });
}

/** Runs `work` on a connection of its own to `url`, closed afterwards. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Closes the app (its clock back to real time) and removes the bench's own Redis keys. */
export async function closeBench(
  app: INestApplicationContext | null,
  prefix: string,
  started: number,
): Promise<void> {
  if (app) {
    app.get(Clock).reset();
    await app.close();
  }
  const deleted = await deleteRedisPrefix(BENCH_REDIS_URL, prefix);
  progress(`removed ${deleted} Redis keys under ${prefix}; total ${seconds(Date.now() - started)}`);
}

/** Runs a benchmark: its figures go to stdout, last, one line each; a failure exits 1. */
export function runBench(main: () => Promise<string[]>): void {
  main().then(
    (figures) => {
      for (const line of figures) process.stdout.write(`${line}\n`);
      process.exit(0);
    },
    (error) => {
      progress(`failed: ${(error as Error).stack ?? error}`);
      process.exit(1);
    },
  );
}
