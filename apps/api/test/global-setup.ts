import './register-paths';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../src/cli.module';
import { runMigrations } from '../src/database/database-bootstrap';
import { RegionImportService } from '../src/regions/region-import.service';
import { DemoSeedService } from '../src/seed/demo-seed.service';
import {
  databaseUrl,
  DEMO_TEMPLATE,
  dropDatabase,
  EMPTY_TEMPLATE,
  RUN_ID,
  withServer,
} from './test-databases';

/**
 * Builds two templates once per run: `empty` (migrations only) and `demo` (the
 * province of the demo zone and the demo seed), so each test file starts from a
 * clone in about a second instead of re-running migrations and the seed.
 */
export default async function globalSetup(): Promise<void> {
  process.env['BAOXUE_TEST_RUN_ID'] = RUN_ID;
  await withServer(async (client) => {
    for (const name of [EMPTY_TEMPLATE, DEMO_TEMPLATE]) {
      await dropDatabase(client, name);
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    }
  });
  await runMigrations(databaseUrl(EMPTY_TEMPLATE));
  await runMigrations(databaseUrl(DEMO_TEMPLATE));

  process.env['DATABASE_URL'] = databaseUrl(DEMO_TEMPLATE);
  process.env['REDIS_PREFIX'] = `bxit_${RUN_ID}_setup`;
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    await app.get(RegionImportService).import({ province: '37' });
    await app.get(DemoSeedService).seed();
  } finally {
    await app.close();
  }
  delete process.env['DATABASE_URL'];
  // Templates must have no open connections when cloned.
  await withServer((client) =>
    client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ANY($1)', [
      [EMPTY_TEMPLATE, DEMO_TEMPLATE],
    ]),
  );
}
