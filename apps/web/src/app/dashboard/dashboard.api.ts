import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  Breakdowns,
  CreatedLedgerExport,
  CreateLedgerExportRequest,
  LedgerExportView,
  LedgerKind,
  LongestOpenCase,
  NodeRef,
  NodeStatus,
  OverdueItemSummary,
  ReportingStatus,
  TrendGranularity,
  Trends,
} from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

/** The dashboard's figures (aggregates only), the reporting status and the ledger exports. */
@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly http = inject(HttpClient);

  status(node: NodeRef | null, asOf: string | null): Promise<NodeStatus> {
    return this.get<NodeStatus>('/api/dashboard/status', { node, asOf });
  }

  trends(node: NodeRef | null, granularity: TrendGranularity): Promise<Trends> {
    return this.get<Trends>('/api/dashboard/trends', { node, granularity });
  }

  breakdowns(node: NodeRef | null): Promise<Breakdowns> {
    return this.get<Breakdowns>('/api/dashboard/breakdowns', { node });
  }

  longestOpen(node: NodeRef | null, limit = 10): Promise<LongestOpenCase[]> {
    return this.get<LongestOpenCase[]>('/api/dashboard/longest-open', { node, limit });
  }

  overdue(node: NodeRef | null, limit = 10): Promise<OverdueItemSummary[]> {
    return this.get<OverdueItemSummary[]>('/api/dashboard/overdue', { node, limit });
  }

  /** The schools of the node that have not reported this month come first. */
  reporting(node: NodeRef | null, pageSize = 10): Promise<ReportingStatus> {
    return this.get<ReportingStatus>('/api/reporting/status', { node, pageSize });
  }

  /** The URL of a ledger workbook exported directly (up to LEDGER_SYNC_EXPORT_LIMIT rows). */
  ledgerExportUrl(kind: LedgerKind, node: NodeRef | null, date: string | null): string {
    const params = queryParams({ node, date }).toString();
    return `/api/ledgers/${kind}/export.xlsx${params ? `?${params}` : ''}`;
  }

  /** Downloads a workbook as a blob (so a refusal can be read instead of saved). */
  download(url: string): Promise<Blob> {
    return firstValueFrom(this.http.get(url, { responseType: 'blob' }));
  }

  startExport(request: CreateLedgerExportRequest): Promise<CreatedLedgerExport> {
    return firstValueFrom(this.http.post<CreatedLedgerExport>('/api/ledgers/exports', request));
  }

  exportJob(id: string): Promise<LedgerExportView> {
    return firstValueFrom(this.http.get<LedgerExportView>(`/api/ledgers/exports/${encodeURIComponent(id)}`));
  }

  exportFileUrl(id: string): string {
    return `/api/ledgers/exports/${encodeURIComponent(id)}/file`;
  }

  private get<T>(url: string, params: Record<string, string | number | null | undefined>): Promise<T> {
    return firstValueFrom(this.http.get<T>(url, { params: queryParams(params) }));
  }
}
