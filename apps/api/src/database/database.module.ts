import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL),
        // Migrations run from the HTTP entry point only (see main.ts), never on module init.
        migrationsRun: false,
        retryAttempts: 0,
      }),
    }),
  ],
})
export class DatabaseModule {}
