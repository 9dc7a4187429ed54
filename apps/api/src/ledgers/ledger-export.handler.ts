import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ResolvedNode } from '../dashboard/resolved-node';
import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOBS } from '../queues/queue-names';
import { LedgerExportJobData, LEDGER_EXPORT_ATTEMPTS } from './ledger-export-job';
import { LedgerExport } from './ledger-export.entity';
import { LedgerExportService } from './ledger-export.service';
import { ledgerFileName } from './ledgers.service';

/**
 * Worker: writes a large ledger export into its row, reporting progress after each batch
 * (on the job and in the row, which the asker polls).
 */
@Injectable()
export class LedgerExportHandler implements OnModuleInit {
  private readonly logger = new Logger(LedgerExportHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobHandlerRegistry,
    private readonly exporter: LedgerExportService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(JOBS.ledgerExport, (job) => this.run(job as Job<LedgerExportJobData>));
  }

  async run(job: Job<LedgerExportJobData>): Promise<{ rows: number } | null> {
    const repository = this.dataSource.getRepository(LedgerExport);
    const row = await repository.findOne({ where: { id: job.data.exportId }, relations: { user: true } });
    // Gone (expired and purged, or its user deleted) or already written: nothing to do.
    if (!row || row.status === 'done' || !row.user) return null;
    await repository.update(row.id, { status: 'running', progress: 0, rows: 0, error: null });
    const [kind, id] = row.nodeRef.split(':');
    const node: Pick<ResolvedNode, 'kind' | 'id' | 'path'> = {
      // Only school vs region matters to the query.
      kind: kind === 'school' ? 'school' : 'county',
      id,
      path: row.nodePath,
    };
    try {
      const { buffer, rows } = await this.exporter.toBuffer(
        {
          kind: row.kind,
          node,
          date: row.day,
          nodeName: row.nodeName,
          reveal: row.revealed,
          exportedBy: row.user.username,
          exportedAt: row.createdAt,
        },
        async (written, total) => {
          // The last few per cent are the zip's: 99 until the file is stored.
          const progress = total === 0 ? 99 : Math.min(99, Math.floor((written / total) * 99));
          await repository.update(row.id, { progress, rows: written });
          await job.updateProgress(progress);
        },
      );
      await repository.update(row.id, {
        status: 'done',
        progress: 100,
        rows,
        file: buffer,
        fileName: ledgerFileName(row.kind, row.nodeName, row.day),
        finishedAt: this.clock.now(),
      });
      await job.updateProgress(100);
      return { rows };
    } catch (error) {
      this.logger.warn(`ledger export ${row.id} failed: ${(error as Error).message}`);
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? LEDGER_EXPORT_ATTEMPTS);
      await repository.update(row.id, {
        status: last ? 'failed' : 'queued',
        error: 'export_failed',
        finishedAt: last ? this.clock.now() : null,
      });
      throw error;
    }
  }
}
