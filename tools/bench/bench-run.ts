import { INestApplicationContext } from '@nestjs/common';
import { Clock } from '../../apps/api/src/common/clock';
import { progress, seconds } from './bench-report';
import { deleteRedisPrefix } from './redis-prefix';

export const BENCH_SERVER_URL =
  process.env['BENCH_DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
export const BENCH_REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

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
