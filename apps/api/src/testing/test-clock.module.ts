import { Module } from '@nestjs/common';
import { QueuesModule } from '../queues/queues.module';
import { TestClockController } from './test-clock.controller';
import { TestRemindersController } from './test-reminders.controller';

/** Endpoints for browser tests; AppModule imports it only when TEST_CLOCK is set. */
@Module({ imports: [QueuesModule], controllers: [TestClockController, TestRemindersController] })
export class TestClockModule {}
