import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');

/** Redis options shared by every connection: BullMQ needs maxRetriesPerRequest null. */
export function redisConnectionOptions() {
  return {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    connectTimeout: 5000,
  } as const;
}

export function createRedis(config: AppConfig): Redis {
  return new Redis(config.REDIS_URL, redisConnectionOptions());
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // quit() waits for a connection that may never come; only ask politely when connected.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}

/** One shared Redis connection for rate limits and health; queues open their own. */
@Global()
@Module({
  providers: [{ provide: REDIS, inject: [AppConfig], useFactory: createRedis }, RedisCloser],
  exports: [REDIS],
})
export class RedisModule {}
