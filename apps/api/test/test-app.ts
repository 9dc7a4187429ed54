import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { Clock } from '../src/common/clock';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { configureHttpApp } from '../src/http-app';
import { WorkerModule } from '../src/worker.module';
import {
  cloneDatabase,
  databaseUrl,
  DEMO_TEMPLATE,
  dropDatabase,
  EMPTY_TEMPLATE,
  TEST_REDIS_URL,
  withServer,
} from './test-databases';

export interface TestAppOptions {
  /** `demo`: province 37 and the demo zone seeded; `empty`: migrations only. */
  template?: 'demo' | 'empty';
  env?: Record<string, string>;
  /**
   * Also boot the worker entry point's module (BullMQ processors) on the same database,
   * Redis prefix and clock, as `npm start` runs both.
   */
  worker?: boolean;
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  dataSource: DataSource;
  /** One clock for the API and the worker: `advance` moves both. */
  clock: Clock;
  config: AppConfig;
  databaseName: string;
  /** The worker's context when booted with `worker: true`. */
  worker: INestApplicationContext | null;
  /** A new HTTP client with its own cookie jar (one signed-in user each). */
  client(): TestClient;
  /** One client per demo user, signed in on first use and reused after. */
  as(username: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** The demo password every demo user has in tests. */
export const DEMO_PASSWORD = 'Baoxue@2026';

/**
 * Boots the whole HTTP app (the same configureHttpApp as main.ts) on a real port, against
 * a fresh database cloned from a template and a Redis key prefix of its own.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { databaseName, config, cleanUp } = await isolate(options, { DEMO_PASSWORD, WEB_DIST: '' });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await configureHttpApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const signedIn = new Map<string, TestClient>();
  const clock = app.get(Clock);
  clock.reset();
  const worker = options.worker ? await bootWorker(config) : null;
  return {
    app,
    baseUrl,
    config,
    databaseName,
    worker,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    clock,
    client: () => new TestClient(baseUrl),
    as: async (username) => {
      let client = signedIn.get(username);
      if (!client) {
        client = new TestClient(baseUrl);
        await client.login(username);
        signedIn.set(username, client);
      }
      return client;
    },
    close: async () => {
      await worker?.close();
      await app.close();
      clock.reset();
      await cleanUp();
    },
  };
}

/** The worker's module on the same config; the clock is process-wide, so it is shared too. */
async function bootWorker(config: AppConfig): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  return moduleRef.init();
}

/**
 * What every test process of ours gets: its own database cloned from a template, its own
 * Redis key prefix, and a config pointing at both; `cleanUp` drops them again.
 */
async function isolate(
  options: TestAppOptions,
  defaults: Record<string, string> = {},
): Promise<{ databaseName: string; config: AppConfig; cleanUp: () => Promise<void> }> {
  const suffix = randomBytes(4).toString('hex');
  const databaseName = `bx_it_${suffix}`;
  await cloneDatabase(options.template === 'empty' ? EMPTY_TEMPLATE : DEMO_TEMPLATE, databaseName);
  const redisPrefix = `bxit_${suffix}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(databaseName),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'silent',
    ...defaults,
    ...options.env,
  });
  const cleanUp = async (): Promise<void> => {
    await deleteRedisKeys(redisPrefix);
    await withServer((client) => dropDatabase(client, databaseName));
  };
  return { databaseName, config, cleanUp };
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A real HTTP client (fetch) that keeps the session cookie like a browser. */
export class TestClient {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async login(username: string, password = DEMO_PASSWORD): Promise<TestResponse> {
    const response = await this.post('/api/auth/login', { username, password });
    if (response.status !== 200)
      throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  }

  get<T = any>(path: string): Promise<TestResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown): Promise<TestResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  patch<T = any>(path: string, body?: unknown): Promise<TestResponse<T>> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = any>(path: string): Promise<TestResponse<T>> {
    return this.request<T>('DELETE', path);
  }

  /** Sends a raw body (for malformed-input tests). */
  async raw(
    method: string,
    path: string,
    body: string,
    contentType = 'application/json',
  ): Promise<TestResponse> {
    return this.send(method, path, body, contentType);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<TestResponse<T>> {
    return this.send(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  private async send(
    method: string,
    path: string,
    body: string | undefined,
    contentType: string,
  ): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = contentType;
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }
}

export interface TestWorker {
  context: INestApplicationContext;
  dataSource: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/** Boots the worker entry point's module (BullMQ processors, no HTTP) on a fresh database. */
export async function createTestWorker(options: TestAppOptions = {}): Promise<TestWorker> {
  const { config, cleanUp } = await isolate(options);
  const context = await bootWorker(config);
  return {
    context,
    config,
    dataSource: context.get<DataSource>(getDataSourceToken()),
    close: async () => {
      await context.close();
      await cleanUp();
    },
  };
}
