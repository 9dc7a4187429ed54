import { Queue } from 'bullmq';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { AppConfig } from '../../../apps/api/src/config/app-config';
import { WorkerProcess } from '../../../apps/api/src/operations/worker-process';
import { bullConnection, bullPrefix } from '../../../apps/api/src/queues/bull-connection';
import { QUEUES } from '../../../apps/api/src/queues/queue-names';
import { waitFor } from '../bench-report';

const WORKER_SCRIPT = 'apps/api/src/worker.ts';

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or null once the process is gone. */
function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'),
    );
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** This process's child running `script` (WorkerProcess keeps its child to itself). */
function childRunning(script: string): number {
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );
  for (const child of children) {
    const pid = Number(child);
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(script)) return pid;
    } catch {
      // Exited meanwhile.
    }
  }
  throw new Error(`no child process runs ${script}`);
}

/**
 * The worker's resident memory while the work is measured. The kernel's high-water mark
 * (VmHWM) is reset once the worker is up (`5` into clear_refs), so the start-up under
 * ts-node, which a built worker does not pay, is kept apart; VmRSS is also polled, in case
 * the reset is not allowed here.
 */
export class WorkerMemory {
  readonly startupPeakKb: number;
  private polledPeakKb = 0;
  private readonly reset: boolean;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.startupPeakKb = statusKb(pid, 'VmHWM') ?? 0;
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      this.reset = true;
    } catch {
      this.reset = false;
    }
    this.timer = setInterval(() => this.sample(), 50);
  }

  private sample(): void {
    this.polledPeakKb = Math.max(this.polledPeakKb, statusKb(this.pid, 'VmRSS') ?? 0);
  }

  get currentKb(): number {
    return statusKb(this.pid, 'VmRSS') ?? 0;
  }

  /** Stops polling; the peak since the reset (or the polled one), in kB. */
  stop(): { peakKb: number; how: string } {
    clearInterval(this.timer);
    this.sample();
    const hwm = this.reset ? statusKb(this.pid, 'VmHWM') : null;
    return hwm !== null
      ? { peakKb: Math.max(hwm, this.polledPeakKb), how: 'VmHWM since the worker was up' }
      : { peakKb: this.polledPeakKb, how: 'VmRSS polled every 50 ms' };
  }
}

/**
 * The worker entry point (apps/api/src/worker.ts) as its own process under ts-node, as the
 * worker-crash tests start it, on the bench's database and Redis prefix, with its maintenance queue paused once the start-up
 * sweep is done: only the registers' jobs run while the work is measured. Memory is
 * watched from then on.
 */
export async function startBenchWorker(
  config: AppConfig,
): Promise<{ worker: WorkerProcess; memory: WorkerMemory }> {
  const worker = WorkerProcess.start(config, { REMINDER_SWEEP_MINUTES: String(24 * 60) });
  try {
    await worker.ready();
    const maintenance = new Queue(QUEUES.maintenance, {
      connection: bullConnection(config),
      prefix: bullPrefix(config),
    });
    try {
      await maintenance.pause();
      await waitFor(
        async () => (await maintenance.getJobCounts('active'))['active'] === 0,
        5 * 60_000,
        async () => 'the maintenance queue is still running a job',
      );
    } finally {
      await maintenance.close();
    }
    return { worker, memory: new WorkerMemory(childRunning(WORKER_SCRIPT)) };
  } catch (error) {
    await worker.kill();
    throw error;
  }
}
