import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../../apps/api/src/app.module';
import { SESSION_COOKIE } from '../../../apps/api/src/auth/session.store';
import { Clock } from '../../../apps/api/src/common/clock';
import { AppConfig } from '../../../apps/api/src/config/app-config';
import { configureHttpApp } from '../../../apps/api/src/http-app';

/** The HTTP app as main.ts configures it (prefix, cookies, validation, …), on the bench's config. */
export async function bootHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await configureHttpApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Moves the process's clock (shared by every service) to `target`. */
export function setClock(app: NestFastifyApplication, target: Date): void {
  const clock = app.get(Clock);
  clock.advance(target.getTime() - clock.now().getTime());
}

/** Signs in through POST /api/auth/login and returns the session cookie to send. */
export async function signIn(
  app: NestFastifyApplication,
  username: string,
  password: string,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (response.statusCode !== 200 || !cookie)
    throw new Error(`sign-in as ${username} failed: ${response.statusCode} ${response.body.slice(0, 200)}`);
  return `${SESSION_COOKIE}=${cookie.value}`;
}

export interface Call {
  status: number;
  ms: number;
  body: string;
  rawPayload: Buffer;
  headers: Record<string, unknown>;
}

/**
 * One GET through the whole Fastify stack (routing, hooks, guards, pipes, serialisation)
 * by light-my-request: what is measured is the app, not the loopback socket.
 */
export async function get(app: NestFastifyApplication, url: string, cookie: string): Promise<Call> {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url, headers: { cookie } });
  const ms = performance.now() - started;
  return {
    status: response.statusCode,
    ms,
    body: response.body,
    rawPayload: response.rawPayload,
    headers: response.headers,
  };
}
