import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { constants as zlib } from 'node:zlib';
import { ApiError } from '@baoxue/contracts';
import { MULTIPART_OPTIONS } from './attendance/import-form';
import { registerPhotoBody } from './cases/intervention-photo-body';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { mountQueueBoard } from './operations/queue-board';
import { SESSION_COOKIE } from './auth/session.store';

export const API_PREFIX = 'api';

/**
 * Everything about the HTTP surface, shared by main.ts and the integration tests so the
 * tests exercise the very same app: prefix, security headers, cookies, validation,
 * OpenAPI and the web app with its SPA fallback.
 */
export async function configureHttpApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  registerPhotoBody(app.getHttpAdapter().getInstance(), config.PHOTO_MAX_BYTES);
  // Village officials load the app over slow 3G: JSON and bundles go compressed. Brotli at a
  // middle quality costs a few milliseconds per response and still beats gzip's size.
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
  });
  await app.register(fastifyCookie);
  // multipart/form-data (the attendance import's file): parsed only when a handler reads the form.
  await app.register(fastifyMultipart, MULTIPART_OPTIONS);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // ng-zorro and ECharts set inline styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    hsts: config.cookieSecure,
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Baoxue API')
      .setDescription('控辍保学 case management: keeping every child of compulsory-school age in school.')
      .setVersion('0.1.0')
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
  });

  await mountQueueBoard(app);
  await serveWebApp(app, config.WEB_DIST);
}

/** Serves the built Angular app; unknown non-API paths get index.html (client-side routes). */
async function serveWebApp(app: NestFastifyApplication, webDist: string): Promise<void> {
  const root = resolve(webDist);
  const hasWeb = webDist !== '' && existsSync(resolve(root, 'index.html'));
  const fastify = app.getHttpAdapter().getInstance();
  if (hasWeb) {
    // Loaded only when there is a web app to serve (API-only processes never need it).
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: false,
      setHeaders: (reply, path) => {
        // Hashed bundles never change; everything else is revalidated.
        const immutable = /-[A-Z0-9]{8,}\.(js|css|woff2?)$/.test(path);
        void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    // A missing file (an old bundle after a deploy) is a 404, not the app's page: a script or the
    // service worker given HTML instead breaks, while the app's routes have no file extension.
    const missingFile = /\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/') + 1));
    if (path === `/${API_PREFIX}` || path.startsWith(`/${API_PREFIX}/`) || !hasWeb || missingFile) {
      const body: ApiError = {
        statusCode: 404,
        error: 'Not Found',
        message: `Cannot GET ${path}`,
      };
      return reply.status(404).send(body);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  });
  fastify.get('/', (_request, reply) => {
    if (!hasWeb)
      return reply.status(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: 'No web app built',
      });
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  });
}
