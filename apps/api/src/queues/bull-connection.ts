import type { ConnectionOptions } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { redisConnectionOptions } from '../redis/redis.module';

/** BullMQ's Redis connection for this deployment. */
export function bullConnection(config: AppConfig): ConnectionOptions {
  const url = new URL(config.REDIS_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    ...redisConnectionOptions(),
  };
}

/** Every queue key starts with the deployment's prefix, so deployments and test runs share a Redis. */
export function bullPrefix(config: AppConfig): string {
  return `${config.REDIS_PREFIX}:bull`;
}
