import { Body, Controller, Get, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { SchoolMonthlyReportDto, SubmitSchoolMonthlyReportDto } from './dto/school-report.dto';
import { SchoolReportsService } from './school-reports.service';

/** 学校月报 (四个一): a school's staff, or a bureau officer over it, report each month. */
@ApiTags('reminders')
@ApiCookieAuth()
@Controller('schools/:schoolId/monthly-reports')
export class SchoolReportsController {
  constructor(private readonly reports: SchoolReportsService) {}

  @Get()
  @Roles('school_staff', 'bureau_officer', 'bureau_leader')
  @ApiOkResponse({ type: SchoolMonthlyReportDto, isArray: true })
  @ApiOperation({ summary: "A school's monthly reports, newest month first (404 outside scope)" })
  list(
    @CurrentUser() user: AuthUser,
    @UuidParam('schoolId') schoolId: string,
  ): Promise<SchoolMonthlyReportDto[]> {
    return this.reports.list(user.scope, schoolId);
  }

  @Post()
  @Roles('school_staff', 'bureau_officer')
  @ApiCreatedResponse({ type: SchoolMonthlyReportDto, description: 'Submitted' })
  @ApiOkResponse({ type: SchoolMonthlyReportDto, description: 'Already submitted: the first one' })
  @ApiOperation({ summary: "Submit a month's report; its reminder item is done" })
  async submit(
    @CurrentUser() user: AuthUser,
    @UuidParam('schoolId') schoolId: string,
    @Body() body: SubmitSchoolMonthlyReportDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SchoolMonthlyReportDto> {
    const { report, created } = await this.reports.submit(user.scope, user.id, schoolId, body, actor);
    reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return report;
  }
}
