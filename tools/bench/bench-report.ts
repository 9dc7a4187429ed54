/** Progress goes to stderr; the figures alone go to stdout, last, one line each. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `measure` `times` times (with `reset` before each) and returns every duration in ms. */
export async function repeat(
  times: number,
  label: string,
  measure: () => Promise<number>,
  reset: () => Promise<void> = async () => undefined,
): Promise<number[]> {
  const runs: number[] = [];
  for (let run = 1; run <= times; run++) {
    await reset();
    const ms = await measure();
    progress(`${label} run ${run}/${times}: ${seconds(ms)}`);
    runs.push(ms);
  }
  return runs;
}

export function perSecond(count: number, ms: number): number {
  return Math.round(count / (ms / 1000));
}

/** Polls `done` until it answers true, failing after `timeoutMs` with what `describe` says. */
export async function waitFor(
  done: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => Promise<string>,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds(timeoutMs)}: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
