import { Module } from '@nestjs/common';

/** Recomputes risk scores in the queue worker. */
@Module({})
export class EarlyWarningWorkerModule {}
