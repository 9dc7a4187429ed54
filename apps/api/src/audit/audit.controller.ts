import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { AuditLogService } from './audit-log.service';
import { AuditPageDto, AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiCookieAuth()
@RequirePermission('audit.read')
@Controller('audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  @ApiOperation({
    summary:
      'The audit log within your scope, newest first; with entityId, who looked at or changed a record',
  })
  list(@CurrentUser() user: AuthUser, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.auditLog.list(user.scope, query);
  }
}
