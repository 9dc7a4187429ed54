import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from './app-config';

/**
 * Structured JSON logs with a request id on every line. Only method, route and status
 * are logged for requests: never bodies, query strings or cookies (they carry personal data).
 */
export const loggerOptions = {
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (request: IncomingMessage) => {
        const given = request.headers['x-request-id'];
        return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'req.body'], remove: true },
      autoLogging: {
        ignore: (req: IncomingMessage) => req.url === '/api/health',
      },
    },
  }),
};
