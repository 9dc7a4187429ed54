import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { CASE_INTERVENTION_ROLES } from './case-rules';
import { CaseInterventionsService } from './case-interventions.service';
import { CaseInterventionDto, RecordInterventionDto } from './dto/case-intervention.dto';

@ApiTags('cases')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('cases')
export class CaseInterventionsController {
  constructor(private readonly interventions: CaseInterventionsService) {}

  @Get(':id/interventions')
  @ApiOkResponse({ type: CaseInterventionDto, isArray: true })
  @ApiOperation({ summary: "A case's interventions, newest first (404 outside scope)" })
  list(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<CaseInterventionDto[]> {
    return this.interventions.list(user, id);
  }

  @Post(':id/interventions')
  @Roles(...CASE_INTERVENTION_ROLES)
  @ApiCreatedResponse({ type: CaseInterventionDto, description: 'Recorded' })
  @ApiOkResponse({ type: CaseInterventionDto, description: 'Already recorded with this clientId: unchanged' })
  @ApiConflictResponse({ description: 'The case is not open (excluded or closed)' })
  @ApiOperation({
    summary: 'Record an intervention (帮扶·劝返记录); idempotent by clientId, no case version needed',
  })
  async record(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: RecordInterventionDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseInterventionDto> {
    const { created, intervention } = await this.interventions.record(user, id, body, actor);
    void reply.status(created ? 201 : 200);
    return intervention;
  }
}
