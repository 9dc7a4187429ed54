import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { preflight } from './bootstrap';
import { CliModule } from './cli.module';
import { revertLastMigration, runMigrations } from './database/database-bootstrap';
import { RegionImportService } from './regions/region-import.service';
import { DemoSeedService } from './seed/demo-seed.service';

const USAGE = `usage: baoxue <command>
  migrate                          run pending migrations
  migrate:revert                   revert the last migration
  regions:import --province 37     import one province's regions (idempotent)
  regions:import --all             import the whole country (about 665,000 rows)
  seed                             seed the demo zone (idempotent)`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { province: { type: 'string' }, all: { type: 'boolean' } },
    strict: true,
  });
  const config = await preflight({ createDatabase: true });
  switch (command) {
    case 'migrate': {
      const applied = await runMigrations(config.DATABASE_URL);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
      return;
    }
    case 'migrate:revert':
      await revertLastMigration(config.DATABASE_URL);
      console.log('reverted the last migration');
      return;
    case 'regions:import':
    case 'seed':
      break;
    default:
      console.error(USAGE);
      process.exitCode = 2;
      return;
  }
  const app = await NestFactory.createApplicationContext(CliModule, {
    logger: ['error', 'warn'],
  });
  try {
    if (command === 'regions:import') {
      if (!values.all && !values.province) throw new Error('regions:import needs --province CODE or --all');
      const result = await app
        .get(RegionImportService)
        .import({ province: values.all ? undefined : values.province });
      console.log(
        `regions: ${result.rows} rows read, ${result.inserted} inserted, ${result.updated} updated, ${result.total} in place, ${result.seconds.toFixed(1)} s`,
      );
    } else {
      const result = await app.get(DemoSeedService).seed();
      console.log(
        `seed: ${result.schools} schools, ${result.students} students, ${result.users} users, ${result.seconds.toFixed(1)} s`,
      );
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`baoxue: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
