import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { LEDGER_KINDS } from '@baoxue/contracts';
import { AuditActor } from '../audit/audit.service';
import { Actor, CurrentUser, RequirePermission } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { UuidParam } from '../common/validation';
import {
  CreatedLedgerExportDto,
  CreateLedgerExportDto,
  LedgerDownloadQueryDto,
  LedgerExportViewDto,
  LedgerPageDto,
  LedgerQueryDto,
} from './dto/ledger.dto';
import { LedgerExportsService } from './ledger-exports.service';
import { XLSX_TYPE, xlsxFile } from '../common/xlsx-file';
import { LedgersService } from './ledgers.service';

const BINARY = { type: 'string', format: 'binary' };

function xlsx(file: { fileName: string; bytes: Buffer }): StreamableFile {
  return xlsxFile(file.bytes, file.fileName);
}

@ApiTags('ledgers')
@ApiCookieAuth()
@RequirePermission('children.read')
@Controller('ledgers')
export class LedgersController {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly exports: LedgerExportsService,
  ) {}

  @Post('exports')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CreatedLedgerExportDto })
  @ApiOperation({ summary: 'Export a ledger of any size as a job (audited; reveal needs a reason)' })
  createExport(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateLedgerExportDto,
    @Actor() actor: AuditActor,
  ): Promise<CreatedLedgerExportDto> {
    return this.exports.create(user, body, actor);
  }

  @Get('exports/:id')
  @ApiOkResponse({ type: LedgerExportViewDto })
  @ApiOperation({ summary: "An export's status and progress (yours only; 404 for anyone else's)" })
  getExport(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<LedgerExportViewDto> {
    return this.exports.get(user, id);
  }

  @Get('exports/:id/file')
  @Header('Cache-Control', 'private, no-store')
  @ApiOkResponse({ content: { [XLSX_TYPE]: { schema: BINARY } } })
  @ApiOperation({ summary: "A finished export's workbook (yours only; audited)" })
  async exportFile(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<StreamableFile> {
    return xlsx(await this.exports.file(user, id, actor));
  }

  @Get(':kind')
  @ApiParam({ name: 'kind', enum: LEDGER_KINDS })
  @ApiOkResponse({ type: LedgerPageDto })
  @ApiOperation({ summary: 'A ledger (台账) for a node and day, masked, paged; the read is audited' })
  page(
    @CurrentUser() user: AuthUser,
    @Param('kind') kind: string,
    @Query() query: LedgerQueryDto,
    @Actor() actor: AuditActor,
  ): Promise<LedgerPageDto> {
    return this.ledgers.page(user, kind, query, actor);
  }

  @Get(':kind/export.xlsx')
  @Header('Cache-Control', 'private, no-store')
  @ApiParam({ name: 'kind', enum: LEDGER_KINDS })
  @ApiOkResponse({ content: { [XLSX_TYPE]: { schema: BINARY } } })
  @ApiOperation({
    summary: 'A ledger of up to 5,000 rows as .xlsx (409 beyond: use the export job); audited',
  })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('kind') kind: string,
    @Query() query: LedgerDownloadQueryDto,
    @Actor() actor: AuditActor,
  ): Promise<StreamableFile> {
    return xlsx(await this.ledgers.download(user, kind, query, actor));
  }
}
