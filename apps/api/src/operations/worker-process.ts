import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '../../../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Tests: the worker entry point (apps/api/src/worker.ts) as a real child process, on a test
 * app's database and Redis prefix, so it can be killed and restarted like in production.
 */
export class WorkerProcess {
  private readonly output: string[] = [];
  private exit: Exit | null = null;
  readonly exited: Promise<Exit>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  static start(config: AppConfig, env: Record<string, string> = {}): WorkerProcess {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/api/src/worker.ts'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env['PATH'] ?? '',
          TS_NODE_PROJECT: 'apps/api/tsconfig.app.json',
          TS_NODE_TRANSPILE_ONLY: '1',
          NODE_ENV: 'test',
          DATABASE_URL: config.DATABASE_URL,
          REDIS_URL: config.REDIS_URL,
          REDIS_PREFIX: config.REDIS_PREFIX,
          DATA_KEY: config.DATA_KEY,
          LOG_LEVEL: 'info',
          ...env,
        },
      },
    );
    return new WorkerProcess(child);
  }

  get log(): string {
    return this.output.join('');
  }

  /** Resolves once the worker logged its start; fails if it exited first. */
  async ready(timeoutMs = 120_000): Promise<void> {
    await waitFor(
      () => this.exit !== null || this.log.includes('Baoxue worker started'),
      'worker start',
      timeoutMs,
    );
    if (this.exit) throw new Error(`worker exited before start: ${JSON.stringify(this.exit)}\n${this.log}`);
  }

  /** SIGTERM, then the exit. */
  async stop(): Promise<Exit> {
    if (!this.exit) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** For clean-up after a failed test: no grace. */
  async kill(): Promise<void> {
    if (!this.exit) this.child.kill('SIGKILL');
    await this.exited;
  }
}
