import { Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { SeedModule } from './seed/seed.module';

/** What the command-line tools need: no HTTP, no queues. */
@Module({ imports: [ConfigModule, CommonModule, DatabaseModule, SeedModule] })
export class CliModule {}
