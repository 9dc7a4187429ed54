import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AttendanceModule } from './attendance/attendance.module';
import { AuditLogModule } from './audit/audit-log.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { CommonModule } from './common/common.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ConfigModule } from './config/config.module';
import { testClockEnabled } from './config/app-config';
import { loggerOptions } from './config/logger';
import { DatabaseModule } from './database/database.module';
import { EarlyWarningModule } from './early-warning/early-warning.module';
import { FieldModule } from './field/field.module';
import { HealthModule } from './health/health.module';
import { LedgersModule } from './ledgers/ledgers.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { RedisModule } from './redis/redis.module';
import { RegionsModule } from './regions/regions.module';
import { RemindersApiModule } from './reminders/reminders-api.module';
import { ReportingModule } from './reporting/reporting.module';
import { StudentsModule } from './students/students.module';
import { ComparisonsModule } from './registers/comparison/comparisons.module';
import { RegisterImportsModule } from './registers/imports/register-imports.module';
import { SeedModule } from './seed/seed.module';
import { TestClockModule } from './testing/test-clock.module';
import { UsersModule } from './users/users.module';

/** The HTTP API. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync(loggerOptions),
    CommonModule,
    DatabaseModule,
    RedisModule,
    AuditModule,
    AuditLogModule,
    AuthModule,
    HealthModule,
    RegionsModule,
    OrganisationsModule,
    UsersModule,
    StudentsModule,
    CasesModule,
    RemindersApiModule,
    NotificationsApiModule,
    DashboardModule,
    LedgersModule,
    ReportingModule,
    AttendanceModule,
    EarlyWarningModule,
    FieldModule,
    RegisterImportsModule,
    ComparisonsModule,
    SeedModule,
    // Browser tests only; loadConfig refuses TEST_CLOCK in production.
    ...(testClockEnabled() ? [TestClockModule] : []),
  ],
  providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
