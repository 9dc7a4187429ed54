import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AttendanceImportResult } from '@baoxue/contracts';
import type { FastifyRequest } from 'fastify';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { AttendanceImportService } from './attendance-import.service';
import { AttendanceImportResultDto } from './dto/attendance-views.dto';
import { ROLL_WRITERS } from './attendance.controller';
import { readImportForm } from './import-form';

/** 考勤表导入: a day's or a term's marks from a spreadsheet. */
@ApiTags('attendance')
@ApiCookieAuth()
@Controller('attendance/imports')
export class AttendanceImportController {
  constructor(private readonly imports: AttendanceImportService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @Roles(...ROLL_WRITERS)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: '.xlsx or .csv, at most 10 MB' },
        schoolId: { type: 'string', format: 'uuid' },
        dryRun: { type: 'string', enum: ['true', 'false'] },
      },
    },
  })
  @ApiOkResponse({ type: AttendanceImportResultDto })
  @ApiOperation({
    summary:
      'Check (dryRun=true) or import an .xlsx/.csv of marks: all rows or none; problems per row and column',
  })
  async import(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Actor() actor: AuditActor,
  ): Promise<AttendanceImportResult> {
    const form = await readImportForm(request);
    return this.imports.import(user, form.schoolId, form.file, form.dryRun, actor);
  }
}
