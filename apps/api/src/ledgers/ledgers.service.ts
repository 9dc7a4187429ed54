import {
  LEDGER_KINDS,
  LEDGER_SYNC_EXPORT_LIMIT,
  LEDGER_TITLES,
  LedgerKind,
  LedgerPage,
} from '@baoxue/contracts';
import { chinaToday, hasPermission, isIsoDate } from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { conflict, forbidden, invalid } from '../common/domain-error';
import { NodeResolver } from '../dashboard/node-resolver';
import { ResolvedNode } from '../dashboard/resolved-node';
import { LedgerExportService } from './ledger-export.service';
import { ledgerCountSql, LedgerRecord, ledgerRowsSql, LedgerSpec } from './ledger.query';
import { toLedgerRow } from './ledger-row.presenter';

export interface LedgerTarget {
  node?: string;
  date?: string;
}

export interface RevealRequest {
  reveal?: boolean;
  reason?: string;
}

/** A ledger asked for by a user: resolved within their scope, the day checked. */
export interface ResolvedLedger extends LedgerSpec {
  node: ResolvedNode;
}

/** `适龄儿童台账_进士张村_2026-12-01.xlsx` (the node's name stripped of anything a file name dislikes). */
export function ledgerFileName(kind: LedgerKind, nodeName: string, date: string): string {
  const safe = nodeName.replace(/[\\/:*?"<>|\s]+/g, '');
  return `${LEDGER_TITLES[kind].zh}_${safe}_${date}.xlsx`;
}

/**
 * The three ledgers (台账) for a node in the caller's scope and a day: pages of masked rows,
 * and small downloads. Every read of the named list is audited (DOMAIN.md §8).
 */
@Injectable()
export class LedgersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nodes: NodeResolver,
    private readonly exporter: LedgerExportService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async resolve(user: AuthUser, kind: string, target: LedgerTarget): Promise<ResolvedLedger> {
    if (!(LEDGER_KINDS as readonly string[]).includes(kind))
      throw invalid('kind', 'isIn', `kind must be one of ${LEDGER_KINDS.join(', ')}`);
    const today = chinaToday(this.clock.now());
    const date = target.date ?? today;
    if (!isIsoDate(date)) throw invalid('date', 'isDate', 'date must be a day written YYYY-MM-DD');
    if (date > today) throw invalid('date', 'notInFuture', 'date must not be after today');
    const node = await this.nodes.resolve(user.scope, target.node);
    return { kind: kind as LedgerKind, node, date };
  }

  /** Checks a reveal request: the permission and a reason; false when not asked. */
  checkReveal(user: AuthUser, request: RevealRequest): boolean {
    if (!request.reveal) return false;
    if (!hasPermission(user.role, 'personal_data.reveal'))
      throw forbidden('personal_data.reveal_forbidden', 'your role may not reveal personal data');
    if (!request.reason?.trim())
      throw invalid('reason', 'isNotEmpty', 'reason is required to reveal personal data');
    return true;
  }

  async page(
    user: AuthUser,
    kind: string,
    query: LedgerTarget & { page?: number; pageSize?: number },
    actor: AuditActor,
  ): Promise<LedgerPage> {
    const ledger = await this.resolve(user, kind, query);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const count = ledgerCountSql(ledger);
    const rows = ledgerRowsSql(ledger, { reveal: false });
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ total }]: { total: number }[] = await manager.query(count.sql, count.params);
      const records: LedgerRecord[] = await manager.query(
        `${rows.sql} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        rows.params,
      );
      await this.audit.record(manager, actor, {
        action: 'ledger.read',
        entityType: 'ledger',
        regionPath: ledger.node.path,
        details: { kind: ledger.kind, node: ledger.node.ref, date: ledger.date, page, rows: records.length },
      });
      return {
        kind: ledger.kind,
        node: { ref: ledger.node.ref, name: ledger.node.name },
        date: ledger.date,
        items: records.map((record) => toLedgerRow(record, ledger.date, ledger.kind === 'school_age')),
        total,
        page,
        pageSize,
      };
    });
  }

  /** A small ledger as an .xlsx in memory; larger ones must go through the export job (409). */
  async download(
    user: AuthUser,
    kind: string,
    query: LedgerTarget & RevealRequest,
    actor: AuditActor,
  ): Promise<{ fileName: string; bytes: Buffer }> {
    const ledger = await this.resolve(user, kind, query);
    const reveal = this.checkReveal(user, query);
    const total = await this.exporter.count(ledger);
    if (total > LEDGER_SYNC_EXPORT_LIMIT)
      throw conflict(
        'ledger.too_large',
        `the ledger has ${total} rows (over ${LEDGER_SYNC_EXPORT_LIMIT}): export it with POST /api/ledgers/exports`,
      );
    const exportedAt = this.clock.now();
    const { buffer, rows } = await this.exporter.toBuffer({
      ...ledger,
      nodeName: ledger.node.name,
      reveal,
      exportedBy: user.username,
      exportedAt,
    });
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'ledger.export',
      entityType: 'ledger',
      regionPath: ledger.node.path,
      reason: reveal ? query.reason?.trim() : null,
      details: { kind: ledger.kind, node: ledger.node.ref, date: ledger.date, revealed: reveal, rows },
    });
    return { fileName: ledgerFileName(ledger.kind, ledger.node.name, ledger.date), bytes: buffer };
  }
}
