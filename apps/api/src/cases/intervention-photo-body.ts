import type { FastifyInstance } from 'fastify';

/** Marks the photo upload route (`@RouteConfig`): its raw image body may be larger than JSON's. */
export const PHOTO_ROUTE = { photoUpload: true } as const;

/**
 * Intervention photos arrive as raw image bodies. Every `image/*` type is parsed to a Buffer so
 * the service can refuse an unsupported one naming the field (rather than Fastify's bare 415);
 * only the photo route takes bodies up to `maxBytes`, every other route keeps the global limit.
 */
export function registerPhotoBody(fastify: FastifyInstance, maxBytes: number): void {
  fastify.addContentTypeParser(/^image\//i, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  fastify.addHook('onRoute', (route) => {
    if ((route.config as { photoUpload?: boolean } | undefined)?.photoUpload) route.bodyLimit = maxBytes;
  });
}
