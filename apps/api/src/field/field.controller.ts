import { Controller, Get, Header } from '@nestjs/common';
import { ApiCookieAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import { FieldCardsDto, FieldCaseCardDto } from './dto/field-card.dto';
import { FieldCardsService } from './field-cards.service';

/**
 * The field app (乡村找): the caller's own case cards, to keep on the phone for offline
 * reading. No permission beyond being signed in: only the caller's responsibilities are given.
 */
@ApiTags('field')
@ApiCookieAuth()
@Controller('field')
export class FieldController {
  constructor(private readonly cards: FieldCardsService) {}

  @Get('cards')
  // Full phones and addresses: never kept by a shared cache (the app keeps its own copy).
  @Header('Cache-Control', 'private, no-store')
  @ApiOkResponse({ type: FieldCardsDto })
  @ApiOperation({
    summary:
      'My case cards: open cases where I am an active responsible person, with guardians’ phones and the address in full; audited',
  })
  list(@CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<FieldCardsDto> {
    return this.cards.list(user, actor);
  }

  @Get('cards/:caseId')
  @Header('Cache-Control', 'private, no-store')
  @ApiOkResponse({ type: FieldCaseCardDto })
  @ApiNotFoundResponse({ description: 'Not an open case of mine' })
  @ApiOperation({
    summary: 'One of my case cards (404 when the case is not one of my open responsibilities); audited',
  })
  get(
    @CurrentUser() user: AuthUser,
    @UuidParam('caseId') caseId: string,
    @Actor() actor: AuditActor,
  ): Promise<FieldCaseCardDto> {
    return this.cards.get(user, caseId, actor);
  }
}
