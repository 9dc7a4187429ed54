import Redis from 'ioredis';
import { DependencyUnavailableError, redactUrl } from '../database/database-bootstrap';

/** Fails within seconds, naming the URL and the variable, when Redis cannot be reached. */
export async function assertRedisReachable(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DependencyUnavailableError(
      `Cannot reach Redis at ${redactUrl(url)} (${(error as Error).message}); set REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}
