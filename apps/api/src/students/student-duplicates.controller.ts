import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import {
  DismissDuplicateDto,
  MergedStudentDto,
  MergeStudentDto,
  StudentDuplicateDto,
  StudentDuplicateListQueryDto,
  StudentDuplicatePageDto,
} from './dto/student-duplicate.dto';
import { StudentDuplicatesService } from './student-duplicates.service';

@ApiTags('students')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('students')
export class StudentDuplicatesController {
  constructor(private readonly duplicates: StudentDuplicatesService) {}

  @Get('duplicates')
  @Roles('bureau_officer', 'bureau_leader')
  @ApiOkResponse({ type: StudentDuplicatePageDto })
  @ApiOperation({ summary: 'Possible duplicates (疑似重复) with both records in your scope, masked' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: StudentDuplicateListQueryDto,
  ): Promise<StudentDuplicatePageDto> {
    return this.duplicates.list(user.scope, query);
  }

  @Post('duplicates/:id/dismiss')
  @HttpCode(200)
  @Roles('bureau_officer')
  @ApiOkResponse({ type: StudentDuplicateDto })
  @ApiOperation({ summary: 'Not the same child: close the candidate with a reason (audited)' })
  dismiss(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: DismissDuplicateDto,
    @Actor() actor: AuditActor,
  ): Promise<StudentDuplicateDto> {
    return this.duplicates.dismiss(user, id, body, actor);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('bureau_officer')
  @ApiOkResponse({ type: MergedStudentDto })
  @ApiOperation({
    summary: "Merge the candidate's other record into this one (guardians, flags, cases move; audited)",
  })
  merge(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: MergeStudentDto,
    @Actor() actor: AuditActor,
  ): Promise<MergedStudentDto> {
    return this.duplicates.merge(user, id, body, actor);
  }
}
