import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AttendanceSummary, ClassRoll, SaveRollResult, SchoolClass } from '@baoxue/contracts';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { AttendanceRollsService } from './attendance-rolls.service';
import { AttendanceSummaryService } from './attendance-summary.service';
import {
  AttendanceSummaryQueryDto,
  ClassRollQueryDto,
  SaveRollDto,
  SchoolClassesQueryDto,
} from './dto/attendance.dto';
import {
  AttendanceSummaryDto,
  ClassRollDto,
  SaveRollResultDto,
  SchoolClassDto,
} from './dto/attendance-views.dto';

/** Who takes or corrects a roll: a school's staff (their school), a bureau officer over it. */
export const ROLL_WRITERS = ['school_staff', 'bureau_officer'] as const;

/** 考勤: class rolls and 应到/实到/未到. */
@ApiTags('attendance')
@ApiCookieAuth()
@Controller('attendance')
export class AttendanceController {
  constructor(
    private readonly rolls: AttendanceRollsService,
    private readonly summaries: AttendanceSummaryService,
  ) {}

  @Get('classes')
  @RequirePermission('children.read')
  @ApiOkResponse({ type: SchoolClassDto, isArray: true })
  @ApiOperation({ summary: "A school's classes with their enrolled children (404 outside scope)" })
  classes(@CurrentUser() user: AuthUser, @Query() query: SchoolClassesQueryDto): Promise<SchoolClass[]> {
    return this.rolls.classes(user.scope, query.schoolId);
  }

  @Get('rolls')
  @RequirePermission('children.read')
  @ApiOkResponse({ type: ClassRollDto })
  @ApiOperation({
    summary: "A class's roll for a day, with each child's mark, risk score and open case; audited",
  })
  roll(
    @CurrentUser() user: AuthUser,
    @Query() query: ClassRollQueryDto,
    @Actor() actor: AuditActor,
  ): Promise<ClassRoll> {
    return this.rolls.roll(user, query, actor);
  }

  @Put('rolls')
  @Roles(...ROLL_WRITERS)
  @ApiOkResponse({ type: SaveRollResultDto })
  @ApiOperation({
    summary:
      "Save a class's marks for a day (one transaction); N unexcused days in a row open a suspected case",
  })
  save(
    @CurrentUser() user: AuthUser,
    @Body() body: SaveRollDto,
    @Actor() actor: AuditActor,
  ): Promise<SaveRollResult> {
    return this.rolls.save(user, body, actor);
  }

  @Get('summary')
  @RequirePermission('figures.read')
  @ApiOkResponse({ type: AttendanceSummaryDto })
  @ApiOperation({ summary: '应到/实到/未到 of a node and each unit below it for a day (404 outside scope)' })
  summary(
    @CurrentUser() user: AuthUser,
    @Query() query: AttendanceSummaryQueryDto,
  ): Promise<AttendanceSummary> {
    return this.summaries.summary(user.scope, query.node, query.date);
  }
}
