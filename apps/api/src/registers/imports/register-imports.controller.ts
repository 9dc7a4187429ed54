import type {
  Page,
  RegisterImportDetail,
  RegisterImportProblem,
  RegisterImportSummary,
} from '@baoxue/contracts';
import { REGISTER_KINDS } from '@baoxue/domain';
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Put,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  RegisterImportDetailDto,
  RegisterImportPageDto,
  RegisterProblemPageDto,
} from '../dto/register-views.dto';
import type { FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { AuditActor } from '../../audit/audit.service';
import { Actor, CurrentUser, RequirePermission } from '../../auth/auth.decorators';
import { AuthUser } from '../../auth/auth-user';
import { UuidParam } from '../../common/validation';
import { AppConfig } from '../../config/app-config';
import {
  RegisterImportActionDto,
  RegisterImportListQueryDto,
  RegisterProblemQueryDto,
  UpdateRegisterMappingDto,
} from './dto/register-import.dto';
import { RegisterImportsService, UploadPart } from './register-imports.service';
import { XLSX_TYPE, xlsxFile } from '../../common/xlsx-file';

/** 部门清导入: department registers uploaded, mapped, dry-run, committed. */
@ApiTags('registers')
@ApiCookieAuth()
@RequirePermission('registers.import')
@Controller('registers/imports')
export class RegisterImportsController {
  constructor(
    private readonly imports: RegisterImportsService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { type: 'string', enum: [...REGISTER_KINDS] },
        regionId: { type: 'string', format: 'uuid', description: 'defaults to your scope' },
        file: {
          type: 'string',
          format: 'binary',
          description: '.csv (UTF-8 or GBK) or .xlsx; after the fields',
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: RegisterImportDetailDto,
    description: 'Headers, masked sample, default mapping',
  })
  @ApiOperation({ summary: 'Upload a register file (streamed; audited); nothing is checked row by row yet' })
  upload(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Actor() actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    if (!request.isMultipart()) {
      return this.imports.upload(user, emptyParts(), actor);
    }
    const parts = request.parts({
      limits: {
        fileSize: this.config.REGISTER_MAX_BYTES,
        files: 1,
        fields: 5,
        parts: 6,
        fieldNameSize: 100,
        fieldSize: 1024,
        headerPairs: 20,
      },
    }) as AsyncIterable<UploadPart>;
    return this.imports.upload(user, parts, actor);
  }

  @Get()
  @ApiOkResponse({ type: RegisterImportPageDto, description: 'Newest first' })
  @ApiOperation({ summary: 'Imports within your scope' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: RegisterImportListQueryDto,
  ): Promise<Page<RegisterImportSummary>> {
    return this.imports.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: RegisterImportDetailDto })
  get(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    return this.imports.read(user, id, actor);
  }

  @Put(':id/mapping')
  @ApiOkResponse({ type: RegisterImportDetailDto, description: 'Status uploaded: run the dry run again' })
  @ApiOperation({ summary: 'Set the column mapping (400 naming each field that does not fit; 409 if stale)' })
  mapping(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateRegisterMappingDto,
    @Actor() actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    return this.imports.updateMapping(user, id, body.mapping, body.version, actor);
  }

  @Post(':id/dry-run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RegisterImportDetailDto, description: 'Status validating' })
  @ApiOperation({ summary: 'Check every row (a job); writes only the problem report' })
  dryRun(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: RegisterImportActionDto,
    @Actor() actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    return this.imports.dryRun(user, id, body.version, actor);
  }

  @Post(':id/commit')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RegisterImportDetailDto, description: 'Status importing' })
  @ApiOperation({ summary: 'Import the valid rows (a resumable job): all of them or none' })
  commit(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: RegisterImportActionDto,
    @Actor() actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    return this.imports.commit(user, id, body.version, actor);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Discard an import not yet committed (its file and report go)' })
  discard(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Actor() actor: AuditActor): Promise<void> {
    return this.imports.discard(user, id, actor);
  }

  @Get(':id/problems')
  @Header('Cache-Control', 'private, no-store')
  @ApiOkResponse({ type: RegisterProblemPageDto, description: 'The file’s problems, then each row’s' })
  @ApiOperation({ summary: 'The dry run’s report (ID numbers masked; audited)' })
  problems(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: RegisterProblemQueryDto,
    @Actor() actor: AuditActor,
  ): Promise<Page<RegisterImportProblem>> {
    return this.imports.problems(user, id, query, actor);
  }

  @Get(':id/problems.xlsx')
  @Header('Cache-Control', 'private, no-store')
  @ApiOkResponse({ content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'The report as a workbook, streamed (audited)' })
  async workbook(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Actor() actor: AuditActor,
  ): Promise<StreamableFile> {
    const { fileName, write } = await this.imports.problemsWorkbook(user, id, actor);
    const output = new PassThrough();
    write(output).catch((error: Error) => output.destroy(error));
    return xlsxFile(output, fileName);
  }
}

async function* emptyParts(): AsyncGenerator<UploadPart> {
  // Not multipart: the service answers that the file is missing.
}
