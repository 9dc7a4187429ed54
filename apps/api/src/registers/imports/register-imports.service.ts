import { Clock } from '../../common/clock';
import type {
  Page,
  RegisterImportDetail,
  RegisterImportProblem,
  RegisterImportSummary,
} from '@baoxue/contracts';
import {
  checkRegisterMapping,
  defaultRegisterMapping,
  REGISTER_KIND_FIELDS,
  REGISTER_KINDS,
  REGISTER_WARNING_RULES,
  RegisterKind,
  RegisterMapping,
  RegisterRule,
} from '@baoxue/domain';
import { InjectQueue } from '@nestjs/bullmq';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type { Readable, Writable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { AuthUser } from '../../auth/auth-user';
import { conflict, DomainError, invalid, notFound, staleVersion } from '../../common/domain-error';
import { pageOf } from '../../common/dto/page-query.dto';
import { AppConfig } from '../../config/app-config';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { RegisterFileStore } from '../files/register-file.store';
import { writeRegisterProblemsWorkbook } from '../files/register-error-workbook';
import { inspectRegisterFile, RegisterFileRejected } from '../files/register-source';
import { RegisterImportListQueryDto, RegisterProblemQueryDto } from './dto/register-import.dto';
import type { RegisterImportJobData } from './register-import-run';
import { registerImportJobId, registerJobOptions, registerValidateJobId } from './register-import.jobs';
import {
  IMPORT_SELECT,
  RegisterImportRow,
  toRegisterImportDetail,
  toRegisterImportSummary,
} from './register-import.presenter';
import {
  fileProblem,
  mappingProblems,
  maskIdLike,
  maskSample,
  rowProblem,
  pendingIdsTable,
  pendingTable,
  stagingTable,
} from './register-import-problems';

/** Data rows read for the mapping preview. */
const SAMPLE_ROWS = 5;

/** Problems read per query while the error workbook streams. */
const WORKBOOK_BATCH = 5_000;

/** One multipart part as @fastify/multipart hands it over. */
export interface UploadPart {
  type: 'file' | 'field';
  fieldname: string;
  value?: unknown;
  valueTruncated?: boolean;
  filename?: string;
  file?: Readable & { truncated?: boolean };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Statuses an import can still be discarded or re-checked from. */
const OPEN_STATUSES = ['uploaded', 'validated', 'rejected', 'failed'];

/**
 * Register imports (部门清), the HTTP side: upload (streamed into PostgreSQL), mapping,
 * dry run and commit (queued for the worker, see RegisterImportRun), the problem report and
 * its workbook, history. Every read and write is scoped to the caller's region subtree.
 */
@Injectable()
export class RegisterImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.registers) private readonly queue: Queue<RegisterImportJobData>,
    private readonly files: RegisterFileStore,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Streams the form's file into the store in the transaction that records the import, then
   * reads its headers and first rows. The text fields must come before the file part.
   */
  async upload(
    user: AuthUser,
    parts: AsyncIterable<UploadPart>,
    actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    const fields: Record<string, string | undefined> = {};
    let importId: string | null = null;
    let region: { id: string; path: string } | null = null;
    let kind: RegisterKind | null = null;
    try {
      for await (const part of parts) {
        if (part.type === 'field') {
          fields[part.fieldname] = part.valueTruncated ? undefined : String(part.value);
          continue;
        }
        if (part.fieldname !== 'file' || importId) {
          throw invalid(part.fieldname, 'whitelist', 'send one file, in the field "file"');
        }
        try {
          kind = this.kindOf(fields['kind']);
          region = await this.regionOf(user, fields['regionId']);
        } catch (error) {
          // Refused before reading it: the bytes are drained so the answer reaches the client.
          part.file?.resume();
          throw error;
        }
        importId = await this.store(user, kind, region, part, actor);
      }
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
      throw invalid('file', 'isMultipart', 'send the file as multipart/form-data in the field "file"');
    }
    if (!importId || !kind || !region) {
      if (fields['kind'] !== undefined) this.kindOf(fields['kind']);
      throw invalid('file', 'isNotEmpty', 'file is required (after the fields kind and regionId)');
    }
    await this.inspect(importId, kind);
    return this.get(user, importId);
  }

  async list(user: AuthUser, query: RegisterImportListQueryDto): Promise<Page<RegisterImportSummary>> {
    const { page, pageSize, skip } = pageOf(query);
    // Imports belong to regions: a school-scoped account sees none.
    if (user.scope.kind !== 'region') return { items: [], total: 0, page, pageSize };
    const where = ['i.region_path LIKE $1'];
    const params: unknown[] = [`${user.scope.regionPath}%`];
    if (query.kind) where.push(`i.kind = $${params.push(query.kind)}`);
    if (query.status) where.push(`i.status = $${params.push(query.status)}`);
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM register_imports i WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows: RegisterImportRow[] = await this.dataSource.query(
      `${IMPORT_SELECT} WHERE ${where.join(' AND ')} ORDER BY i.created_at DESC, i.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, skip],
    );
    return { items: rows.map(toRegisterImportSummary), total, page, pageSize };
  }

  /**
   * The detail as the page reads it: its sample rows are children's data, so the read is
   * audited; the page polls while a job runs, and a user's reads of one import within ten
   * minutes count as one look.
   */
  async read(user: AuthUser, id: string, actor: AuditActor): Promise<RegisterImportDetail> {
    const detail = await this.get(user, id);
    if (detail.sample.length > 0) {
      const [seen]: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM audit_events WHERE entity_id = $1 AND action = 'register.import.read'
            AND actor_user_id = $2 AND occurred_at > $3::timestamptz - interval '10 minutes' LIMIT 1`,
        [id, actor.userId, this.clock.now()],
      );
      if (!seen)
        await this.audit.record(this.dataSource.manager, actor, {
          action: 'register.import.read',
          entityType: 'register_import',
          entityId: id,
          regionPath: detail.region.path,
          details: { kind: detail.kind, sampleRows: detail.sample.length },
        });
    }
    return detail;
  }

  async get(user: AuthUser, id: string): Promise<RegisterImportDetail> {
    const row = await this.scoped(this.dataSource.manager, user, id);
    const counts: { rule: RegisterRule; rows: number }[] = await this.dataSource.query(
      `SELECT rule, count(DISTINCT row_number)::int AS rows FROM register_import_errors
        WHERE import_id = $1 GROUP BY rule`,
      [id],
    );
    const byRule: Partial<Record<RegisterRule, number>> = {};
    for (const p of row.file_problems) byRule[p.rule] = (byRule[p.rule] ?? 0) + 1;
    for (const c of counts) byRule[c.rule] = (byRule[c.rule] ?? 0) + c.rows;
    return toRegisterImportDetail(row, byRule);
  }

  /** A new mapping: checked against the file's columns; an earlier dry run's report is dropped. */
  async updateMapping(
    user: AuthUser,
    id: string,
    raw: Record<string, number | null>,
    version: number,
    actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.scoped(manager, user, id, true);
      if (row.version !== version) throw staleVersion('register_import');
      if (row.status !== 'uploaded' && row.status !== 'validated')
        throw this.wrongStatus(row.status, 'mapping');
      const mapping = this.mappingOf(row.kind, raw);
      const problems = checkRegisterMapping(row.kind, mapping, row.headers.length);
      if (problems.length > 0) {
        throw new DomainError(
          HttpStatus.BAD_REQUEST,
          'validation',
          'the mapping does not fit the file',
          problems.map((p) => ({
            field: `mapping.${p.field}`,
            rule: p.rule,
            message: fileProblemMessage(p.rule),
          })),
        );
      }
      // The staging table holds the raw cells whatever the mapping: the next dry run reuses it.
      await manager.query('DELETE FROM register_import_errors WHERE import_id = $1', [id]);
      await manager.query(
        `UPDATE register_imports SET mapping = $2::jsonb, file_problems = '[]', status = 'uploaded',
                total_rows = 0, valid_rows = 0, invalid_rows = 0, validated_at = NULL,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, JSON.stringify(mapping)],
      );
      await this.audit.record(manager, actor, {
        action: 'register.mapping',
        entityType: 'register_import',
        entityId: id,
        regionPath: row.region_path,
        details: { kind: row.kind, mapping },
      });
    });
    return this.get(user, id);
  }

  /** Queues the dry run (validating); the report is read once the status is validated. */
  async dryRun(
    user: AuthUser,
    id: string,
    version: number,
    actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    const next = await this.dataSource.transaction(async (manager) => {
      const row = await this.scoped(manager, user, id, true);
      if (row.version !== version) throw staleVersion('register_import');
      if (row.status !== 'uploaded' && row.status !== 'validated')
        throw this.wrongStatus(row.status, 'dry run');
      const problems = checkRegisterMapping(row.kind, row.mapping, row.headers.length);
      if (problems.length > 0) {
        throw new DomainError(
          HttpStatus.BAD_REQUEST,
          'validation',
          'the mapping does not fit the file',
          problems.map((p) => ({
            field: `mapping.${p.field}`,
            rule: p.rule,
            message: fileProblemMessage(p.rule),
          })),
        );
      }
      const [{ version: next }]: { version: number }[] = await manager.query(
        `UPDATE register_imports SET status = 'validating', version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING version`,
        [id],
      );
      await this.audit.record(manager, actor, {
        action: 'register.dry_run',
        entityType: 'register_import',
        entityId: id,
        regionPath: row.region_path,
        details: { kind: row.kind },
      });
      return next;
    });
    await this.queue.add(
      JOBS.registerValidate,
      { importId: id, actor },
      { ...registerJobOptions(this.config), jobId: registerValidateJobId(id, next) },
    );
    return this.get(user, id);
  }

  /** Queues the real run (importing): only after a dry run that found rows to import. */
  async commit(
    user: AuthUser,
    id: string,
    version: number,
    actor: AuditActor,
  ): Promise<RegisterImportDetail> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.scoped(manager, user, id, true);
      if (row.version !== version) throw staleVersion('register_import');
      if (row.status !== 'validated') throw this.wrongStatus(row.status, 'commit');
      if (row.valid_rows === 0)
        throw conflict('register_import.no_valid_rows', 'the file has no row to import');
      await manager.query(
        `UPDATE register_imports SET status = 'importing', imported_rows = 0, failure = NULL,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id],
      );
      await this.audit.record(manager, actor, {
        action: 'register.import.start',
        entityType: 'register_import',
        entityId: id,
        regionPath: row.region_path,
        details: { kind: row.kind, rows: row.total_rows, valid: row.valid_rows, invalid: row.invalid_rows },
      });
    });
    await this.queue.add(
      JOBS.registerImport,
      { importId: id, actor },
      { ...registerJobOptions(this.config), jobId: registerImportJobId(id) },
    );
    return this.get(user, id);
  }

  /** Drops an import not yet committed: its bytes, staging table and problem report go. */
  async discard(user: AuthUser, id: string, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.scoped(manager, user, id, true);
      if (!OPEN_STATUSES.includes(row.status)) throw this.wrongStatus(row.status, 'discard');
      await this.files.remove(manager, id);
      await manager.query('DELETE FROM register_import_errors WHERE import_id = $1', [id]);
      await manager.query(
        `DROP TABLE IF EXISTS ${stagingTable(id)}, ${pendingTable(id)}, ${pendingIdsTable(id)}`,
      );
      await manager.query(
        `UPDATE register_imports SET status = 'discarded', version = version + 1, updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.audit.record(manager, actor, {
        action: 'register.discard',
        entityType: 'register_import',
        entityId: id,
        regionPath: row.region_path,
        details: { kind: row.kind, status: row.status },
      });
    });
  }

  /** The report: the file's problems first, then each row's, in row order (values masked). */
  async problems(
    user: AuthUser,
    id: string,
    query: RegisterProblemQueryDto,
    actor: AuditActor,
  ): Promise<Page<RegisterImportProblem>> {
    const row = await this.scoped(this.dataSource.manager, user, id);
    const { page, pageSize, skip } = pageOf(query, 50);
    const fileProblems = row.file_problems.filter(
      (p) => (!query.rule || p.rule === query.rule) && (!query.severity || p.severity === query.severity),
    );
    const { where, params } = problemFilter(id, query);
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM register_import_errors WHERE ${where}`,
      params,
    );
    const fromFile = fileProblems.slice(skip, skip + pageSize);
    const rowSkip = Math.max(0, skip - fileProblems.length);
    const rowTake = pageSize - fromFile.length;
    const rows: { row_number: number; field: string; rule: string; value: string | null }[] =
      rowTake > 0
        ? await this.dataSource.query(
            `SELECT row_number, field, rule, value FROM register_import_errors WHERE ${where}
              ORDER BY row_number, field, rule LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
            [...params, rowTake, rowSkip],
          )
        : [];
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'register.problems.read',
      entityType: 'register_import',
      entityId: id,
      regionPath: row.region_path,
      details: { page, pageSize, rule: query.rule ?? null, severity: query.severity ?? null },
    });
    return {
      items: [...fromFile, ...rows.map((r) => rowProblem(r, row.mapping, row.headers))],
      total: fileProblems.length + total,
      page,
      pageSize,
    };
  }

  /** Checks scope and audits the download; `write` then streams the workbook. */
  async problemsWorkbook(
    user: AuthUser,
    id: string,
    actor: AuditActor,
  ): Promise<{ fileName: string; write: (output: Writable) => Promise<void> }> {
    const row = await this.scoped(this.dataSource.manager, user, id);
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'register.problems.download',
      entityType: 'register_import',
      entityId: id,
      regionPath: row.region_path,
      details: { kind: row.kind },
    });
    const base = row.file_name.replace(/\.[^.]*$/, '') || row.file_name;
    const dataSource = this.dataSource;
    async function* problems(): AsyncGenerator<RegisterImportProblem> {
      yield* row.file_problems;
      let after = { row: 0, field: '', rule: '' };
      for (;;) {
        const batch: { row_number: number; field: string; rule: string; value: string | null }[] =
          await dataSource.query(
            `SELECT row_number, field, rule, value FROM register_import_errors
              WHERE import_id = $1 AND (row_number, field, rule) > ($2, $3, $4)
              ORDER BY row_number, field, rule LIMIT $5`,
            [id, after.row, after.field, after.rule, WORKBOOK_BATCH],
          );
        for (const r of batch) yield rowProblem(r, row.mapping, row.headers);
        if (batch.length < WORKBOOK_BATCH) return;
        const last = batch[batch.length - 1];
        after = { row: last.row_number, field: last.field, rule: last.rule };
      }
    }
    return {
      fileName: `${base}-问题清单.xlsx`,
      write: (output) => writeRegisterProblemsWorkbook(output, problems(), `${row.file_name} 问题清单`),
    };
  }

  private kindOf(value: string | undefined): RegisterKind {
    if (value === undefined || value === '')
      throw invalid('kind', 'isNotEmpty', 'kind is required (before the file)');
    if (!(REGISTER_KINDS as readonly string[]).includes(value))
      throw invalid('kind', 'isIn', `kind must be one of ${REGISTER_KINDS.join(', ')}`);
    return value as RegisterKind;
  }

  /** The import's region: the one named (within the caller's scope) or the scope's own. */
  private async regionOf(
    user: AuthUser,
    regionId: string | undefined,
  ): Promise<{ id: string; path: string }> {
    if (user.scope.kind !== 'region')
      throw invalid('regionId', 'withinScope', 'a school account cannot import registers');
    if (regionId === undefined || regionId === '')
      return { id: user.scope.regionId, path: user.scope.regionPath };
    if (!UUID.test(regionId)) throw invalid('regionId', 'isUuid', 'regionId must be a UUID');
    const [region]: { id: string; path: string }[] = await this.dataSource.query(
      'SELECT id, path FROM regions WHERE id = $1 AND path LIKE $2',
      [regionId, `${user.scope.regionPath}%`],
    );
    if (!region) throw invalid('regionId', 'withinScope', 'regionId must be a region within your scope');
    return region;
  }

  private async store(
    user: AuthUser,
    kind: RegisterKind,
    region: { id: string; path: string },
    part: UploadPart,
    actor: AuditActor,
  ): Promise<string> {
    const file = part.file;
    if (!file) throw invalid('file', 'isNotEmpty', 'file is required');
    const fileName = (part.filename ?? '').trim().slice(0, 255) || 'register';
    return this.dataSource.transaction(async (manager) => {
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO register_imports (kind, region_id, region_path, file_name, file_size, created_by_user_id)
         VALUES ($1, $2, $3, $4, 0, $5) RETURNING id`,
        [kind, region.id, region.path, fileName, user.id],
      );
      const size = await this.files.save(manager, id, file);
      if (file.truncated) {
        throw new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'validation', 'the file is too large', [
          {
            field: 'file',
            rule: 'too_large',
            message: `the file is larger than ${this.config.REGISTER_MAX_BYTES} bytes`,
          },
        ]);
      }
      await manager.query('UPDATE register_imports SET file_size = $2 WHERE id = $1', [id, size]);
      await this.audit.record(manager, actor, {
        action: 'register.upload',
        entityType: 'register_import',
        entityId: id,
        regionPath: region.path,
        details: { kind, regionId: region.id, fileName, size },
      });
      return id;
    });
  }

  /** Reads the stored file's shape: headers, a masked sample, the default mapping, or why it is unusable. */
  private async inspect(id: string, kind: RegisterKind): Promise<void> {
    const [{ file_name }]: { file_name: string }[] = await this.dataSource.query(
      'SELECT file_name FROM register_imports WHERE id = $1',
      [id],
    );
    try {
      const info = await inspectRegisterFile(() => this.files.open(id), file_name, SAMPLE_ROWS);
      const mapping = defaultRegisterMapping(kind, info.headers);
      const problems = mappingProblems(
        checkRegisterMapping(kind, mapping, info.headers.length),
        mapping,
        info.headers,
      );
      await this.dataSource.query(
        `UPDATE register_imports SET format = $2, encoding = $3, headers = $4::jsonb, sample = $5::jsonb,
                mapping = $6::jsonb, file_problems = $7::jsonb, updated_at = now()
          WHERE id = $1`,
        [
          id,
          info.format,
          info.encoding,
          // A file without a header row has a child's data there: masked like the sample.
          JSON.stringify(info.headers.map(maskIdLike)),
          JSON.stringify(maskSample(info.sample)),
          JSON.stringify(mapping),
          JSON.stringify(problems),
        ],
      );
    } catch (error) {
      if (!(error instanceof RegisterFileRejected)) throw error;
      const problems = error.problems.map(fileProblem);
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `UPDATE register_imports SET status = 'rejected', file_problems = $2::jsonb, failure = $3, updated_at = now()
            WHERE id = $1`,
          [id, JSON.stringify(problems), problems.map((p) => p.message).join('; ')],
        );
        // Nothing of a rejected file is ever read again.
        await this.files.remove(manager, id);
      });
    }
  }

  /** The import if the caller's scope covers its region; 404 otherwise (scope leaks nothing). */
  private async scoped(
    manager: EntityManager,
    user: AuthUser,
    id: string,
    lock = false,
  ): Promise<RegisterImportRow> {
    if (user.scope.kind !== 'region') throw notFound('register_import');
    const [row]: RegisterImportRow[] = await manager.query(
      `${IMPORT_SELECT} WHERE i.id = $1 AND i.region_path LIKE $2${lock ? ' FOR UPDATE OF i' : ''}`,
      [id, `${user.scope.regionPath}%`],
    );
    if (!row) throw notFound('register_import');
    return row;
  }

  /** Only the kind's fields, each a column index or null. */
  private mappingOf(kind: RegisterKind, raw: Record<string, number | null>): RegisterMapping {
    const fields = new Set<string>(REGISTER_KIND_FIELDS[kind].map((f) => f.field));
    const mapping: RegisterMapping = {};
    for (const [field, column] of Object.entries(raw)) {
      if (!fields.has(field))
        throw invalid(`mapping.${field}`, 'isIn', `${kind} registers have no field ${field}`);
      if (column !== null && !Number.isInteger(column))
        throw invalid(`mapping.${field}`, 'isInt', 'a column is a 0-based integer or null');
      mapping[field as keyof RegisterMapping] = column;
    }
    return mapping;
  }

  private wrongStatus(status: string, action: string): DomainError {
    return conflict('register_import.status', `cannot ${action} an import that is ${status}`);
  }
}

function fileProblemMessage(rule: RegisterRule): string {
  return fileProblem({ rule: rule as never, message: '' }).message;
}

/** The problem list's WHERE over register_import_errors. */
function problemFilter(id: string, query: RegisterProblemQueryDto): { where: string; params: unknown[] } {
  const params: unknown[] = [id];
  const where = ['import_id = $1'];
  if (query.rule) where.push(`rule = $${params.push(query.rule)}`);
  if (query.severity) {
    const warnings = [...REGISTER_WARNING_RULES];
    const test = query.severity === 'warning' ? '= ANY' : '<> ALL';
    where.push(`rule ${test}($${params.push(warnings)}::text[])`);
  }
  return { where: where.join(' AND '), params };
}
