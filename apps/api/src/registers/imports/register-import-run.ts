import type { RegisterImportProblem } from '@baoxue/contracts';
import { chinaToday, RegisterKind, RegisterMapping } from '@baoxue/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { IdNumberCipher } from '../../students/id-number-cipher';
import { RegisterFileStore } from '../files/register-file.store';
import { copyIntoStaging, RegisterFileRejected, RegisterSourceInfo } from '../files/register-source';
import { RegisterIdBlocks } from '../register-id-blocks';
import { fileProblem, pendingIdsTable, pendingTable, stagingTable } from './register-import-problems';
import { markedRows, markWorkTable } from './work-table-marks';
import { coversOnce, rangesToWrite, RowRange } from './import-chunks';
import {
  derivePending,
  pendingLastRow,
  pendingRows,
  RegisterPassContext,
  registerRowsPartition,
  settlePending,
  writePendingRows,
} from './register-pending';

/** Job data of both register jobs: the import, and who asked (for the audit log). */
export interface RegisterImportJobData {
  importId: string;
  actor: AuditActor;
}

interface ImportState {
  id: string;
  kind: RegisterKind;
  status: string;
  region_id: string;
  region_path: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'gb18030' | null;
  headers: string[];
  mapping: RegisterMapping;
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  file_name: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A failure not worth retrying: the file itself is unusable. */
class RejectedFile extends Error {
  constructor(readonly problems: RegisterImportProblem[]) {
    super('register file rejected');
  }
}

/**
 * The worker side of a register import. The dry run stages the file (COPY into an UNLOGGED
 * table), then checks and derives every row once into the import's pending table
 * (register-pending.ts), recording the problems; nothing enters the registers. The real run
 * copies the pending table's valid rows into register_rows in chunks of REGISTER_CHUNK_ROWS,
 * each chunk in its own transaction together with its register_import_chunks checkpoint, so a
 * run cut off anywhere resumes where it stopped and writes each row once; the rows become
 * visible in one final flip to 'committed'.
 */
@Injectable()
export class RegisterImportRun {
  private readonly logger = new Logger(RegisterImportRun.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: RegisterFileStore,
    private readonly cipher: IdNumberCipher,
    private readonly idBlocks: RegisterIdBlocks,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The dry run: stage, check every row, count. Writes nothing into register_rows. */
  async validate(
    data: RegisterImportJobData,
  ): Promise<{ rows: number; valid: number; invalid: number } | null> {
    const state = await this.load(data.importId);
    if (!state || state.status !== 'validating') return null;
    try {
      const started = performance.now();
      // The staged cells do not depend on the mapping: a re-run after a remap reads them again.
      const rows = (await this.stagedRows(state)) ?? (await this.stage(state));
      if (rows === 0) throw new RejectedFile([fileProblem({ rule: 'no_rows', message: '' })]);
      const staged = performance.now();
      const pass = await derivePending(this.dataSource, this.config.DATABASE_URL, this.passContext(state));
      const checked = performance.now();
      return await this.dataSource.transaction(async (manager) => {
        const counts = await settlePending(manager, state.id, this.idBlocks.sqlKey(), pass);
        this.logger.log(
          `register import ${state.id} checked: ${counts.rows} rows, ${counts.invalid} invalid; staged in ` +
            `${seconds(staged - started)}, rows checked in ${seconds(checked - staged)}, settled in ${seconds(performance.now() - checked)}`,
        );
        await manager.query(
          `UPDATE register_imports SET status = 'validated', total_rows = $2, valid_rows = $3, invalid_rows = $4,
                  imported_rows = 0, failure = NULL, validated_at = $5, updated_at = now()
            WHERE id = $1 AND status = 'validating'`,
          [state.id, counts.rows, counts.valid, counts.invalid, this.clock.now()],
        );
        return counts;
      });
    } catch (error) {
      if (error instanceof RejectedFile) {
        await this.reject(state.id, error.problems);
        return null;
      }
      throw error;
    }
  }

  /** The real run; resumable: chunks already recorded are skipped. */
  async import(data: RegisterImportJobData): Promise<{ imported: number } | null> {
    const state = await this.load(data.importId);
    if (!state || state.status !== 'importing') return null;
    await this.dataSource.query(
      'UPDATE register_imports SET started_at = coalesce(started_at, $2), updated_at = now() WHERE id = $1',
      [state.id, this.clock.now()],
    );
    try {
      await this.ensurePending(state);
    } catch (error) {
      if (error instanceof RejectedFile) {
        // The bytes no longer read as they did in the dry run: nothing was written yet.
        await this.fail(state.id, error.problems.map((p) => p.message).join('; '));
        return null;
      }
      throw error;
    }
    // Blank rows keep their line numbers, so the last row is the pending table's, not the count's.
    const lastRow = await pendingLastRow(this.dataSource, state.id);
    const started = performance.now();
    await this.writeChunks(state, lastRow);
    const written = performance.now();
    await this.refreshStatistics(state.kind);
    const analyzed = performance.now();
    const committed = await this.flip(state, data.actor, lastRow);
    this.logger.log(
      `register import ${state.id} imported: rows written in ${seconds(written - started)}, ` +
        `statistics in ${seconds(analyzed - written)}, committed in ${seconds(performance.now() - analyzed)}`,
    );
    return committed;
  }

  /**
   * The statistics of the columns comparisons filter and join on, refreshed before the rows
   * become visible rather than at autovacuum's pace, so a comparison right after plans for the
   * new snapshot. A sample of 9,000 rows (statistics target 30) tells an import's size, its
   * villages and its unique ID hashes as well as the default 30,000 does, in a seventh of the time.
   */
  private async refreshStatistics(kind: RegisterKind): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL default_statistics_target = 30');
      await manager.query(
        `ANALYZE ${registerRowsPartition(kind)} (import_id, region_path, birth_date, id_hash, enrolment_status, flag)`,
      );
    });
  }

  /** After the last attempt: the rows written so far go, the import is failed with a reason. */
  async fail(importId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row]: { status: string }[] = await manager.query(
        'SELECT status FROM register_imports WHERE id = $1 FOR UPDATE',
        [importId],
      );
      if (!row || (row.status !== 'importing' && row.status !== 'validating')) return;
      await this.clearWritten(manager, importId);
      await manager.query(
        `UPDATE register_imports SET status = 'failed', failure = $2, imported_rows = 0, updated_at = now()
          WHERE id = $1`,
        [importId, reason],
      );
      await this.files.remove(manager, importId);
      await this.dropWorkTables(manager, importId);
    });
  }

  private async load(importId: string): Promise<ImportState | null> {
    const [row]: ImportState[] = await this.dataSource.query(
      `SELECT id, kind, status, region_id, region_path, format, encoding, headers, mapping,
              total_rows, valid_rows, invalid_rows, file_name
         FROM register_imports WHERE id = $1`,
      [importId],
    );
    return row ?? null;
  }

  private passContext(state: ImportState): RegisterPassContext {
    return {
      importId: state.id,
      kind: state.kind,
      mapping: state.mapping,
      columnCount: state.headers.length,
      regionPath: state.region_path,
      today: chinaToday(this.clock.now()),
      idNumbers: this.cipher,
    };
  }

  private async dropWorkTables(manager: EntityManager, importId: string): Promise<void> {
    await manager.query(
      `DROP TABLE IF EXISTS ${stagingTable(importId)}, ${pendingTable(importId)}, ${pendingIdsTable(importId)}`,
    );
  }

  /**
   * COPYs the stored file into the import's staging table (replacing any) and marks it complete
   * with its row count; answers the data rows. A file that cannot be read becomes a RejectedFile.
   */
  private async stage(state: ImportState): Promise<number> {
    const table = stagingTable(state.id);
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      const info: RegisterSourceInfo = {
        format: state.format,
        encoding: state.encoding,
        headers: state.headers,
        sample: [],
      };
      let rows: number;
      try {
        rows = await copyIntoStaging(client, table, () => this.files.open(state.id), info);
      } catch (error) {
        await client.query(`DROP TABLE IF EXISTS ${table}`);
        if (error instanceof RegisterFileRejected) throw new RejectedFile(error.problems.map(fileProblem));
        throw error;
      }
      await markWorkTable(client, table, 'staged', Number(rows));
      return rows;
    } finally {
      await runner.release();
    }
  }

  /**
   * The rows of a complete staging table left by an earlier pass, or null: a table without the
   * marker is a cut-off COPY, and an UNLOGGED table comes back empty after a database crash.
   */
  private stagedRows(state: ImportState): Promise<number | null> {
    return markedRows(this.dataSource, stagingTable(state.id), 'staged');
  }

  /**
   * The dry run's pending table, or the rows derived again (from the staging table, or the file
   * staged again after a database crash emptied it): they must read as in the dry run.
   */
  private async ensurePending(state: ImportState): Promise<void> {
    if ((await pendingRows(this.dataSource, state.id)) === state.total_rows) return;
    // Rows already written came from the same bytes, so their row numbers stay valid.
    const rows = (await this.stagedRows(state)) ?? (await this.stage(state));
    const pass = await derivePending(this.dataSource, this.config.DATABASE_URL, this.passContext(state));
    await this.dataSource.transaction(async (manager) => {
      const counts = await settlePending(manager, state.id, this.idBlocks.sqlKey(), pass);
      if (rows !== state.total_rows || counts.valid !== state.valid_rows)
        throw new Error('register file reads differently from its dry run');
    });
  }

  /** REGISTER_WRITERS writers take the chunks not yet recorded, each chunk one transaction. */
  private async writeChunks(state: ImportState, lastRow: number): Promise<void> {
    const pending = rangesToWrite(
      lastRow,
      this.config.REGISTER_CHUNK_ROWS,
      await this.recordedChunks(state.id),
    );
    const target = { importId: state.id, kind: state.kind };
    let failed: unknown = null;
    const writer = async () => {
      for (let chunk = pending.shift(); chunk && !failed; chunk = pending.shift()) {
        const range = chunk;
        try {
          await this.dataSource.transaction(async (manager) => {
            const rows = await writePendingRows(manager, target, range.first, range.last);
            await manager.query(
              `UPDATE register_imports SET imported_rows = imported_rows + $2, updated_at = now() WHERE id = $1`,
              [state.id, rows],
            );
          });
        } catch (error) {
          failed = error;
        }
      }
    };
    const writers = Math.max(1, Math.min(this.config.REGISTER_WRITERS, pending.length));
    await Promise.all(Array.from({ length: writers }, writer));
    if (failed) throw failed;
  }

  private async recordedChunks(importId: string, manager: EntityManager = this.dataSource.manager) {
    const rows: (RowRange & { rows: number })[] = await manager.query(
      'SELECT first_row AS first, last_row AS last, rows FROM register_import_chunks WHERE import_id = $1',
      [importId],
    );
    return rows;
  }

  /** One transaction: the previous snapshot superseded, this one committed, its leftovers removed. */
  private async flip(
    state: ImportState,
    actor: AuditActor,
    lastRow: number,
  ): Promise<{ imported: number } | null> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: { status: string; imported_rows: number }[] = await manager.query(
        'SELECT status, imported_rows FROM register_imports WHERE id = $1 FOR UPDATE',
        [state.id],
      );
      if (!row || row.status !== 'importing') return null;
      const chunks = await this.recordedChunks(state.id, manager);
      const written = chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
      if (!coversOnce(lastRow, chunks) || written !== state.valid_rows)
        throw new Error(
          `register import wrote ${written} rows in ${chunks.length} chunks, expected ${state.valid_rows} over rows 2–${lastRow}`,
        );
      const now = this.clock.now();
      // The old snapshot's rows stay (findings of earlier runs still point at them); comparisons read committed imports only.
      const superseded: { id: string }[] = await manager.query(
        `UPDATE register_imports SET status = 'superseded', superseded_at = $3, updated_at = now(), version = version + 1
          WHERE kind = $1 AND region_id = $2 AND status = 'committed' RETURNING id`,
        [state.kind, state.region_id, now],
      );
      await manager.query(
        `UPDATE register_imports SET status = 'committed', committed_at = $2, imported_rows = $3, failure = NULL,
                updated_at = now(), version = version + 1
          WHERE id = $1`,
        [state.id, now, written],
      );
      await this.files.remove(manager, state.id);
      await this.dropWorkTables(manager, state.id);
      await this.audit.record(manager, actor, {
        action: 'register.import.commit',
        entityType: 'register_import',
        entityId: state.id,
        regionPath: state.region_path,
        details: {
          kind: state.kind,
          rows: state.total_rows,
          valid: state.valid_rows,
          invalid: state.invalid_rows,
          imported: written,
          superseded: superseded.map((s) => s.id),
        },
      });
      this.logger.log(`register import ${state.id} committed: ${written} rows`);
      return { imported: written };
    });
  }

  private async reject(importId: string, problems: RegisterImportProblem[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE register_imports SET status = 'rejected', file_problems = $2::jsonb, failure = $3,
              total_rows = 0, valid_rows = 0, invalid_rows = 0, updated_at = now()
        WHERE id = $1 AND status = 'validating'`,
      [importId, JSON.stringify(problems), problems.map((p) => p.message).join('; ')],
    );
    await this.dropWorkTables(this.dataSource.manager, importId);
  }

  private async clearWritten(manager: EntityManager, importId: string): Promise<void> {
    const [imported]: { kind: RegisterKind }[] = await manager.query(
      'SELECT kind FROM register_imports WHERE id = $1',
      [importId],
    );
    if (imported) {
      await manager.query(`DELETE FROM ${registerRowsPartition(imported.kind)} WHERE import_id = $1`, [
        importId,
      ]);
    }
    await manager.query('DELETE FROM register_id_blocks WHERE import_id = $1', [importId]);
    await manager.query('DELETE FROM register_import_chunks WHERE import_id = $1', [importId]);
  }
}
