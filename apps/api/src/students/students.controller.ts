import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import {
  CreatedStudentDto,
  CreateStudentDto,
  RevealedStudentDataDto,
  RevealStudentDto,
  StudentDetailDto,
  StudentListQueryDto,
  StudentPageDto,
  UpdateStudentDto,
} from './dto/student.dto';
import { StudentsService } from './students.service';

@ApiTags('students')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('students')
export class StudentsController {
  constructor(private readonly students: StudentsService) {}

  @Get()
  @ApiOkResponse({ type: StudentPageDto })
  @ApiOperation({ summary: 'Children within your scope, masked (学生列表)' })
  list(@CurrentUser() user: AuthUser, @Query() query: StudentListQueryDto): Promise<StudentPageDto> {
    return this.students.list(user.scope, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: StudentDetailDto })
  @ApiOperation({ summary: 'One child, masked (404 outside your scope); the read is audited' })
  get(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<StudentDetailDto> {
    return this.students.get(user.scope, id, actor);
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @RequirePermission('personal_data.reveal')
  @ApiOkResponse({ type: RevealedStudentDataDto })
  @ApiOperation({ summary: 'The unmasked personal data, for a stated reason (audited)' })
  reveal(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: RevealStudentDto,
    @Actor() actor: AuditActor,
  ): Promise<RevealedStudentDataDto> {
    return this.students.reveal(user.scope, id, body.reason, actor);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedStudentDto })
  @ApiOperation({ summary: 'Register a child in your scope; possible duplicates are flagged' })
  create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateStudentDto,
    @Actor() actor: AuditActor,
  ): Promise<CreatedStudentDto> {
    return this.students.create(user.scope, body, actor);
  }

  @Patch(':id')
  @ApiOkResponse({ type: StudentDetailDto })
  @ApiOperation({ summary: 'Update a child (optimistic locking: 409 on a stale version)' })
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateStudentDto,
    @Actor() actor: AuditActor,
  ): Promise<StudentDetailDto> {
    return this.students.update(user.scope, id, body, actor);
  }
}
