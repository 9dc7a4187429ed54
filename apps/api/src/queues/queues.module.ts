import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { redisConnectionOptions } from '../redis/redis.module';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { QUEUES } from './queue-names';

/** BullMQ connection (with the deployment's key prefix) and the queues. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const url = new URL(config.REDIS_URL);
        return {
          connection: {
            host: url.hostname,
            port: Number(url.port || 6379),
            username: url.username || undefined,
            password: url.password ? decodeURIComponent(url.password) : undefined,
            db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
            tls: url.protocol === 'rediss:' ? {} : undefined,
            ...redisConnectionOptions(),
          },
          prefix: `${config.REDIS_PREFIX}:bull`,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        };
      },
    }),
    BullModule.registerQueue({ name: QUEUES.maintenance }),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
