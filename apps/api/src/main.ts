import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { preflight } from './bootstrap';
import { configureHttpApp } from './http-app';
import { runMigrations } from './database/database-bootstrap';
import { seedDemoIfEmpty } from './seed/seed-on-start';
import { startWorker } from './start-worker';

/** HTTP entry point: the REST API under /api, the OpenAPI document and the built web app. */
async function main(): Promise<void> {
  const config = await preflight({ createDatabase: true });
  if (config.RUN_MIGRATIONS) await runMigrations(config.DATABASE_URL);

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({
      trustProxy: config.TRUST_PROXY,
      bodyLimit: 1024 * 1024,
    }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  await configureHttpApp(app, config);
  app.enableShutdownHooks();
  if (config.SEED_DEMO) await seedDemoIfEmpty(app);
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`Baoxue listening on http://localhost:${config.PORT}`);

  if (config.RUN_WORKER) await startWorker();
}

void main();
