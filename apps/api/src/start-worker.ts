import { INestApplicationContext, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadConfig } from './config/app-config';
import { checkEvictionPolicy } from './operations/redis-policy';
import { WorkerModule } from './worker.module';

export interface StartWorkerOptions {
  config?: AppConfig;
  /**
   * The worker is the whole process (worker.ts): on SIGTERM/SIGINT it exits 0 once in-flight
   * jobs finished. Inside the HTTP process (RUN_WORKER) it leaves the exit to Nest's default,
   * re-raising the signal after its own shutdown, so the HTTP app's hook finishes as well.
   */
  standalone?: boolean;
}

/** Boots the worker context; shutdown hooks let in-flight jobs finish on SIGTERM. */
export async function startWorker(options: StartWorkerOptions = {}): Promise<INestApplicationContext> {
  const config = options.config ?? loadConfig();
  // Before any worker takes a job: an evicting Redis loses queued reminders silently.
  await checkEvictionPolicy(config.REDIS_URL, config.NODE_ENV === 'production', (message) =>
    new NestLogger('Redis').warn(message),
  );
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(undefined, { useProcessExit: options.standalone === true });
  app.get(Logger).log('Baoxue worker started');
  return app;
}
