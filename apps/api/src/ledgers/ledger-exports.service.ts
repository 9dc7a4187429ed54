import { CreatedLedgerExport, LedgerExportView } from '@baoxue/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { JOBS, QUEUES } from '../queues/queue-names';
import { CreateLedgerExportDto } from './dto/ledger.dto';
import { LEDGER_EXPORT_ATTEMPTS, LEDGER_EXPORT_TTL_MS, LedgerExportJobData } from './ledger-export-job';
import { LedgerExport } from './ledger-export.entity';
import { LedgersService } from './ledgers.service';

function toView(row: LedgerExport, now: Date): LedgerExportView {
  return {
    id: row.id,
    kind: row.kind,
    node: { ref: row.nodeRef, name: row.nodeName },
    date: row.day,
    revealed: row.revealed,
    status: row.expiresAt <= now ? 'expired' : row.status,
    progress: row.progress,
    rows: row.rows,
    fileName: row.fileName,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Large ledger exports as jobs: asked for here (scope, reveal and reason checked, audited),
 * written by the worker (LedgerExportHandler), seen and downloaded only by the asker.
 */
@Injectable()
export class LedgerExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue<LedgerExportJobData>,
    private readonly ledgers: LedgersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateLedgerExportDto, actor: AuditActor): Promise<CreatedLedgerExport> {
    const ledger = await this.ledgers.resolve(user, dto.kind, dto);
    const reveal = this.ledgers.checkReveal(user, dto);
    const now = this.clock.now();
    const id = await this.dataSource.transaction(async (manager) => {
      // Expired files go when the next export is asked for.
      await manager.query('DELETE FROM ledger_exports WHERE expires_at < $1', [now]);
      const row = await manager.save(
        manager.create(LedgerExport, {
          kind: ledger.kind,
          nodeRef: ledger.node.ref,
          nodeName: ledger.node.name,
          nodePath: ledger.node.path,
          day: ledger.date,
          revealed: reveal,
          userId: user.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + LEDGER_EXPORT_TTL_MS),
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'ledger.export',
        entityType: 'ledger_export',
        entityId: row.id,
        regionPath: ledger.node.path,
        reason: reveal ? dto.reason?.trim() : null,
        details: { kind: ledger.kind, node: ledger.node.ref, date: ledger.date, revealed: reveal },
      });
      return row.id;
    });
    await this.queue.add(
      JOBS.ledgerExport,
      { exportId: id },
      { jobId: `ledger-export.${id}`, attempts: LEDGER_EXPORT_ATTEMPTS },
    );
    return { id };
  }

  /** The asker's own export; anyone else's is answered as missing. */
  async get(user: AuthUser, id: string): Promise<LedgerExportView> {
    return toView(await this.own(user, id), this.clock.now());
  }

  async file(user: AuthUser, id: string, actor: AuditActor): Promise<{ fileName: string; bytes: Buffer }> {
    const row = await this.own(user, id);
    if (row.status !== 'done' || row.expiresAt <= this.clock.now()) throw notFound('ledger_export_file');
    const [{ file }]: { file: Buffer }[] = await this.dataSource.query(
      'SELECT file FROM ledger_exports WHERE id = $1',
      [id],
    );
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'ledger.export.download',
      entityType: 'ledger_export',
      entityId: id,
      regionPath: row.nodePath,
      details: { kind: row.kind, node: row.nodeRef, date: row.day, revealed: row.revealed, rows: row.rows },
    });
    return { fileName: row.fileName ?? `${id}.xlsx`, bytes: file };
  }

  private async own(user: AuthUser, id: string): Promise<LedgerExport> {
    const row = await this.dataSource.getRepository(LedgerExport).findOne({ where: { id, userId: user.id } });
    if (!row) throw notFound('ledger_export');
    return row;
  }
}
