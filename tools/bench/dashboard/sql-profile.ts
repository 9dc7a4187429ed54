import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * With BENCH_PROFILE=1: the time the app's statements take, summed per statement (its
 * first words), so a slow level shows which of its queries the time goes to. Off by
 * default: the wrapper itself costs a little on every query.
 */
export class SqlProfile {
  private readonly totals = new Map<string, { calls: number; ms: number }>();
  private original: PostgresQueryRunner['query'] | null = null;

  start(): void {
    if (this.original) return;
    const original = PostgresQueryRunner.prototype.query;
    this.original = original;
    const totals = this.totals;
    PostgresQueryRunner.prototype.query = async function timed(this: PostgresQueryRunner, ...args) {
      const started = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        const key = String(args[0]).replace(/\s+/g, ' ').trim().slice(0, 90);
        const total = totals.get(key) ?? { calls: 0, ms: 0 };
        total.calls += 1;
        total.ms += performance.now() - started;
        totals.set(key, total);
      }
    } as PostgresQueryRunner['query'];
  }

  /** The `top` statements by total time since the last report, per call; then starts afresh. */
  report(top = 6): string[] {
    const lines = [...this.totals.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([sql, { calls, ms }]) => `  ${(ms / calls).toFixed(2)} ms/call × ${calls}: ${sql}`);
    this.totals.clear();
    return lines;
  }

  stop(): void {
    if (this.original) PostgresQueryRunner.prototype.query = this.original;
    this.original = null;
  }
}
