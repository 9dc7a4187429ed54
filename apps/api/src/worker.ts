import 'reflect-metadata';
import { preflight } from './bootstrap';
import { startWorker } from './start-worker';

/** Worker entry point: runs the queues, serves no HTTP, never migrates. */
async function main(): Promise<void> {
  const config = await preflight();
  try {
    await startWorker({ config, standalone: true });
  } catch (error) {
    // One clear line (buffered logs may never be flushed), then a failed start.
    process.stderr.write(`baoxue worker: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

void main();
