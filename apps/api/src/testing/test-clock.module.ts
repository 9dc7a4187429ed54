import { Module } from '@nestjs/common';
import { TestClockController } from './test-clock.controller';

/** Endpoints for browser tests; AppModule imports it only when TEST_CLOCK is set. */
@Module({ controllers: [TestClockController] })
export class TestClockModule {}
