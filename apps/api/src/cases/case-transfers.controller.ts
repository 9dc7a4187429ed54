import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TRANSFER_ACTIONS } from '@baoxue/domain';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission, Roles } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { CaseTransfersService } from './case-transfers.service';
import {
  AcceptTransferDto,
  CaseTransferDto,
  DeclineTransferDto,
  IncomingTransferDto,
  IncomingTransferPageDto,
  IncomingTransferQueryDto,
  OfferTransferDto,
  TransferRegionDto,
  TransferTargetQueryDto,
} from './dto/case-transfer.dto';

/** The sender's side of transfers (跨区域转出): within the caller's scope. */
@ApiTags('transfers')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('cases')
export class CaseTransfersController {
  constructor(private readonly transfers: CaseTransfersService) {}

  @Get(':id/transfers')
  @ApiOkResponse({ type: CaseTransferDto, isArray: true })
  @ApiOperation({ summary: "A case's transfers, newest first (404 outside scope)" })
  list(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<CaseTransferDto[]> {
    return this.transfers.listForCase(user, id);
  }

  @Post(':id/transfers')
  @Roles(...TRANSFER_ACTIONS.offer_transfer.roles)
  @ApiCreatedResponse({ type: CaseTransferDto })
  @ApiConflictResponse({ description: 'The case is not open, or a transfer is already pending' })
  @ApiOperation({ summary: 'Offer an open case to another county or zone (it stays here until accepted)' })
  offer(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: OfferTransferDto,
    @Actor() actor: AuditActor,
  ): Promise<CaseTransferDto> {
    return this.transfers.offer(user, id, body, actor);
  }
}

/** The receiver's side (跨区域接收): offers to regions within the caller's scope. */
@ApiTags('transfers')
@ApiCookieAuth()
@Roles(...TRANSFER_ACTIONS.accept_transfer.roles)
@Controller('transfers')
export class TransfersController {
  constructor(private readonly transfers: CaseTransfersService) {}

  @Get('incoming')
  @ApiOkResponse({ type: IncomingTransferPageDto })
  @ApiOperation({ summary: 'Transfers offered to your region, pending first (audited read)' })
  incoming(
    @CurrentUser() user: AuthUser,
    @Query() query: IncomingTransferQueryDto,
    @Actor() actor: AuditActor,
  ): Promise<IncomingTransferPageDto> {
    return this.transfers.incoming(user, query, actor);
  }

  @Get('targets')
  @ApiOkResponse({ type: TransferRegionDto, isArray: true })
  @ApiOperation({ summary: 'Counties and zones a case may be offered to, by name' })
  targets(@Query() query: TransferTargetQueryDto): Promise<TransferRegionDto[]> {
    return this.transfers.targets(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: IncomingTransferDto })
  @ApiOperation({ summary: 'One transfer offered to your region (audited read)' })
  get(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<IncomingTransferDto> {
    return this.transfers.get(user, id, actor);
  }

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: IncomingTransferDto })
  @ApiConflictResponse({ description: 'Not pending, or a stale version (someone decided first)' })
  @ApiOperation({ summary: 'Accept: the case and its history now belong to your region' })
  accept(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: AcceptTransferDto,
    @Actor() actor: AuditActor,
  ): Promise<IncomingTransferDto> {
    return this.transfers.accept(user, id, body, actor);
  }

  @Post(':id/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: IncomingTransferDto })
  @ApiConflictResponse({ description: 'Not pending, or a stale version' })
  @ApiOperation({ summary: 'Decline with a reason: the case stays with the sender' })
  decline(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: DeclineTransferDto,
    @Actor() actor: AuditActor,
  ): Promise<IncomingTransferDto> {
    return this.transfers.decline(user, id, body, actor);
  }
}
