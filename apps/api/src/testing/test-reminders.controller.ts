import { InjectQueue } from '@nestjs/bullmq';
import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import { JOBS, QUEUES } from '../queues/queue-names';
import { QueuedJobDto } from './dto/test-reminders.dto';

/**
 * Browser tests only (TEST_CLOCK=true, never in production): run the reminders sweep now
 * instead of waiting for its schedule, e.g. right after moving the clock past a due time.
 * The worker runs it; the caller polls for what it produced.
 */
@ApiTags('testing')
@Public()
@Controller('testing/reminders')
export class TestRemindersController {
  constructor(@InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue) {}

  @Post('sweep')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: QueuedJobDto })
  @ApiOperation({ summary: 'Queue a reminders sweep now (test servers only)' })
  async sweep(): Promise<QueuedJobDto> {
    // A job id of its own: the scheduler's repeatable sweep must not swallow this one.
    const jobId = `sweep.test.${randomUUID()}`;
    await this.maintenance.add(JOBS.remindersSweep, {}, { jobId });
    return { jobId };
  }
}
