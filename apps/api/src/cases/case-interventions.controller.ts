import { Body, Controller, Get, Header, Post, Put, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { PHOTO_CONTENT_TYPES } from '@baoxue/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { CASE_INTERVENTION_ROLES } from './case-rules';
import { CaseInterventionPhotosService } from './case-intervention-photos.service';
import { CaseInterventionsService } from './case-interventions.service';
import { PHOTO_ROUTE } from './intervention-photo-body';
import {
  CaseInterventionDto,
  InterventionPhotoDto,
  RecordInterventionDto,
} from './dto/case-intervention.dto';

/** Raw image bytes in the OpenAPI document. */
const BINARY = { type: 'string', format: 'binary' } as const;

@ApiTags('cases')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('cases')
export class CaseInterventionsController {
  constructor(
    private readonly interventions: CaseInterventionsService,
    private readonly photos: CaseInterventionPhotosService,
  ) {}

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

  @Put(':id/interventions/:interventionId/photos/:clientId')
  @Roles(...CASE_INTERVENTION_ROLES)
  @RouteConfig(PHOTO_ROUTE)
  @ApiConsumes(...PHOTO_CONTENT_TYPES)
  @ApiBody({ schema: BINARY, description: 'The image bytes (JPEG, PNG or WebP)' })
  @ApiCreatedResponse({ type: InterventionPhotoDto, description: 'Stored' })
  @ApiOkResponse({ type: InterventionPhotoDto, description: 'Already stored with this clientId: unchanged' })
  @ApiConflictResponse({ description: 'The case is not open, or the intervention has all the photos it may' })
  @ApiOperation({
    summary: 'Attach a photo to an intervention: the raw image as the body; idempotent by clientId',
  })
  async uploadPhoto(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('interventionId') interventionId: string,
    @UuidParam('clientId') clientId: string,
    @Req() request: FastifyRequest,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InterventionPhotoDto> {
    const upload = { contentType: request.headers['content-type'], body: request.body };
    const { created, photo } = await this.photos.upload(user, id, interventionId, clientId, upload, actor);
    void reply.status(created ? 201 : 200);
    return photo;
  }

  @Get(':id/interventions/:interventionId/photos/:photoId')
  @Header('Cache-Control', 'private, no-store')
  @ApiOkResponse({
    description: 'The image (404 outside scope); the look is audited',
    content: Object.fromEntries(PHOTO_CONTENT_TYPES.map((type) => [type, { schema: BINARY }])),
  })
  @ApiOperation({ summary: "An intervention photo's image" })
  async photo(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('interventionId') interventionId: string,
    @UuidParam('photoId') photoId: string,
    @Actor() actor: AuditActor,
  ): Promise<StreamableFile> {
    const { contentType, bytes } = await this.photos.read(user, id, interventionId, photoId, actor);
    return new StreamableFile(bytes, { type: contentType, length: bytes.length });
  }
}
