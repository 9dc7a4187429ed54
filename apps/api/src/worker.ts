import 'reflect-metadata';
import { preflight } from './bootstrap';
import { startWorker } from './start-worker';

/** Worker entry point: runs the queues, serves no HTTP, never migrates. */
async function main(): Promise<void> {
  await preflight();
  await startWorker();
}

void main();
