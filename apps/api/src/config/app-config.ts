import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDivisibleBy,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Matches,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value !== '' ? Number(value) : value;

/** The development data key: fine for a laptop, refused in production. */
export const DEVELOPMENT_DATA_KEY = 'ZGV2ZWxvcG1lbnQtb25seS1kYXRhLWtleS0wMDAwMDA=';

/**
 * Every setting the processes read, from the environment, once, validated at start.
 * The README's env-var table lists the same names and defaults.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// URL',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/baoxue';

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key, so several deployments or test runs share one Redis. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+$/)
  REDIS_PREFIX = 'baoxue';

  /** Create the database if it does not exist (where the role may). */
  @Transform(toBool)
  @IsBoolean()
  DATABASE_CREATE = false;

  /** Only the HTTP entry point runs migrations, and only when this is set. */
  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = false;

  /** Seed the demo zone when the database has no users yet. */
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO = false;

  /** Run the queue worker inside the HTTP process (a small site's single process). */
  @Transform(toBool)
  @IsBoolean()
  RUN_WORKER = false;

  @IsString()
  @MinLength(10)
  DEMO_PASSWORD = 'Baoxue@2026';

  /** Base64 32-byte key from which the ID-number encryption and search-hash keys are derived. */
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'DATA_KEY must be 32 bytes in base64',
  })
  DATA_KEY = DEVELOPMENT_DATA_KEY;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_TTL_HOURS = 12;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  COOKIE_SECURE?: boolean;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCKOUT_MINUTES = 15;

  /** Requests per minute one client address may make to the sign-in endpoint. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_RATE_PER_MINUTE = 30;

  /** Largest intervention photo accepted, in bytes (the web app sends ~200 KB after downscaling). */
  @Transform(toInt)
  @IsInt()
  @Min(64 * 1024)
  @Max(50 * 1024 * 1024)
  PHOTO_MAX_BYTES = 5 * 1024 * 1024;

  /** The web app's address as users reach it, for links in webhook and SMS messages (empty: paths only). */
  @IsString()
  @Matches(/^(https?:\/\/[^\s]+[^/\s])?$/, {
    message: 'PUBLIC_URL must be an http(s) URL without a trailing slash',
  })
  PUBLIC_URL = '';

  /** Folder of the built web app, served at `/`; empty to serve the API only. */
  @IsString()
  WEB_DIST = 'dist/apps/web/browser';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Minutes between reminder sweeps (re-create lost jobs, drop stale ones, promote what is due). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  REMINDER_SWEEP_MINUTES = 5;

  /** Reminder jobs one worker process runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  REMINDER_CONCURRENCY = 16;

  /** Outside deliveries (webhook, SMS) one worker process sends at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  DELIVERY_CONCURRENCY = 8;

  /** Tries per outside delivery before it is marked failed (exponential backoff between). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  DELIVERY_ATTEMPTS = 6;

  /** First retry delay of an outside delivery, doubled on each further try. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  DELIVERY_BACKOFF_MS = 10_000;

  /** Timeout of one webhook call. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 5_000;

  /**
   * Hosts webhook channels may post to in production, comma-separated; empty: only the
   * robots' own (qyapi.weixin.qq.com for WeCom, oapi.dingtalk.com for DingTalk).
   */
  @IsString()
  @Matches(/^[A-Za-z0-9.,:-]*$/, { message: 'WEBHOOK_HOSTS must be a comma-separated list of host names' })
  WEBHOOK_HOSTS = '';

  /**
   * How long a worker holds a job's lock; a job whose worker died is handed to another
   * worker after about this long (BullMQ's stalled-job check runs at the same interval).
   */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  WORKER_LOCK_MS = 30_000;

  /** Tests only: named faults to inject (e.g. exit the worker mid-job). Refused in production. */
  @IsString()
  TEST_FAULTS = '';

  /** Browser tests only: serve /api/testing/clock to move the server's clock. Refused in production. */
  @Transform(toBool)
  @IsBoolean()
  TEST_CLOCK = false;

  /** Largest register file (部门清) accepted, in bytes: a province's 户籍 export fits. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(16 * 1024 * 1024 * 1024)
  REGISTER_MAX_BYTES = 2 * 1024 * 1024 * 1024;

  /** Rows a register import writes per transaction (its resume checkpoint); a multiple of 1000 (one ID block). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(10_000_000)
  @IsDivisibleBy(1000)
  REGISTER_CHUNK_ROWS = 100_000;

  /** Chunk writers of one register import running at once, each on its own connection. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  REGISTER_WRITERS = 2;

  /** Tries of a register import job (a failed chunk is retried; after the last, the import is failed). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  REGISTER_JOB_ATTEMPTS = 5;

  /** First retry delay of a register import job, doubled on each further try. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  REGISTER_JOB_BACKOFF_MS = 5_000;

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }

  get cookieSecure(): boolean {
    return this.COOKIE_SECURE ?? this.production;
  }
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws one readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of [...known, 'COOKIE_SECURE']) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration: ${lines.join(' | ')}`);
  }
  if (config.production && config.DATA_KEY === DEVELOPMENT_DATA_KEY) {
    throw new ConfigError(
      'Invalid configuration: DATA_KEY must be set in production (32 random bytes, base64)',
    );
  }
  if (config.production && config.TEST_CLOCK) {
    throw new ConfigError('Invalid configuration: TEST_CLOCK must not be set in production');
  }
  if (config.production && config.TEST_FAULTS) {
    throw new ConfigError('Invalid configuration: TEST_FAULTS must not be set in production');
  }
  return config;
}

/**
 * Whether the environment asks for the test clock, read where modules are declared (before
 * start-up validation runs): an invalid environment answers false and start-up reports it.
 */
export function testClockEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    return loadConfig(env).TEST_CLOCK;
  } catch {
    return false;
  }
}
