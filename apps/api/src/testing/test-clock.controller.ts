import { Body, Controller, Delete, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { AdvanceClockDto, TestClockDto } from './dto/test-clock.dto';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Browser tests only (TEST_CLOCK=true, never in production): move the running server's
 * clock, e.g. past a case's monitoring window. Public: moving the clock ends every session
 * (they expire by the same clock), and the test must still be able to set it back.
 */
@ApiTags('testing')
@Public()
@Controller('testing/clock')
export class TestClockController {
  constructor(private readonly clock: Clock) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TestClockDto })
  @ApiOperation({ summary: 'Move the server clock by whole days (test servers only)' })
  advance(@Body() body: AdvanceClockDto): TestClockDto {
    this.clock.advance(body.advanceDays * DAY_MS);
    return { now: this.clock.now().toISOString() };
  }

  @Delete()
  @ApiOkResponse({ type: TestClockDto })
  @ApiOperation({ summary: 'Put the server clock back to the real time (test servers only)' })
  reset(): TestClockDto {
    this.clock.reset();
    return { now: this.clock.now().toISOString() };
  }
}
