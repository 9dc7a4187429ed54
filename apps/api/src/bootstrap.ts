import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import {
  assertDatabaseReachable,
  DependencyUnavailableError,
  ensureDatabaseExists,
} from './database/database-bootstrap';
import { assertRedisReachable } from './redis/redis-bootstrap';

/**
 * What every entry point does first: read the config, and fail within seconds with one
 * clear line when PostgreSQL or Redis cannot be reached.
 */
export async function preflight(options: { createDatabase?: boolean } = {}): Promise<AppConfig> {
  try {
    const config = loadConfig();
    if (options.createDatabase && config.DATABASE_CREATE) {
      if (await ensureDatabaseExists(config.DATABASE_URL)) new Logger('Database').log('Created the database');
    }
    await assertDatabaseReachable(config.DATABASE_URL);
    await assertRedisReachable(config.REDIS_URL);
    return config;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DependencyUnavailableError) {
      process.stderr.write(`baoxue: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
