import { HttpClient } from '@angular/common/http';
import { inject, Injectable, InjectionToken } from '@angular/core';
import type {
  ComparisonFindingQuery,
  ComparisonFindingView,
  ComparisonRunDetail,
  ComparisonRunSummary,
  ConfirmFindingRequest,
  Page,
  RegisterImportDetail,
  RegisterImportProblem,
  RegisterImportStatus,
  RegisterImportSummary,
  RouteFindingsRequest,
  RouteFindingsResult,
  StartComparisonRequest,
} from '@baoxue/contracts';
import type { RegisterKind, RegisterMapping, RegisterRule } from '@baoxue/domain';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

/** How often a page asks again while the server works (dry run, import, comparison). */
export const REGISTER_POLL_MS = new InjectionToken<number>('REGISTER_POLL_MS', {
  providedIn: 'root',
  factory: () => 1000,
});

export interface ImportListQuery {
  page: number;
  pageSize: number;
  kind?: RegisterKind;
  status?: RegisterImportStatus;
}

export interface ProblemQuery {
  page: number;
  pageSize: number;
  rule?: RegisterRule;
  severity?: 'error' | 'warning';
}

const IMPORTS = '/api/registers/imports';
const COMPARISONS = '/api/registers/comparisons';

/** 部门清: register imports (upload, mapping, dry run, commit) and comparison runs with their findings. */
@Injectable({ providedIn: 'root' })
export class RegistersApi {
  private readonly http = inject(HttpClient);

  upload(kind: RegisterKind, file: File, regionId?: string): Promise<RegisterImportDetail> {
    const body = new FormData();
    // The fields come before the file, so a streaming parser has them when the file arrives.
    body.append('kind', kind);
    if (regionId) body.append('regionId', regionId);
    body.append('file', file, file.name);
    return firstValueFrom(this.http.post<RegisterImportDetail>(IMPORTS, body));
  }

  imports(query: ImportListQuery): Promise<Page<RegisterImportSummary>> {
    return firstValueFrom(
      this.http.get<Page<RegisterImportSummary>>(IMPORTS, { params: queryParams({ ...query }) }),
    );
  }

  import(id: string): Promise<RegisterImportDetail> {
    return firstValueFrom(this.http.get<RegisterImportDetail>(`${IMPORTS}/${encodeURIComponent(id)}`));
  }

  saveMapping(id: string, mapping: RegisterMapping, version: number): Promise<unknown> {
    return firstValueFrom(
      this.http.put(`${IMPORTS}/${encodeURIComponent(id)}/mapping`, { mapping, version }),
    );
  }

  dryRun(id: string, version: number): Promise<unknown> {
    return firstValueFrom(this.http.post(`${IMPORTS}/${encodeURIComponent(id)}/dry-run`, { version }));
  }

  commit(id: string, version: number): Promise<unknown> {
    return firstValueFrom(this.http.post(`${IMPORTS}/${encodeURIComponent(id)}/commit`, { version }));
  }

  discard(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${IMPORTS}/${encodeURIComponent(id)}`));
  }

  problems(id: string, query: ProblemQuery): Promise<Page<RegisterImportProblem>> {
    return firstValueFrom(
      this.http.get<Page<RegisterImportProblem>>(`${IMPORTS}/${encodeURIComponent(id)}/problems`, {
        params: queryParams({ ...query }),
      }),
    );
  }

  problemsWorkbookUrl(id: string): string {
    return `${IMPORTS}/${encodeURIComponent(id)}/problems.xlsx`;
  }

  startComparison(request: StartComparisonRequest): Promise<ComparisonRunSummary> {
    return firstValueFrom(this.http.post<ComparisonRunSummary>(COMPARISONS, request));
  }

  comparisons(query: { page: number; pageSize: number }): Promise<Page<ComparisonRunSummary>> {
    return firstValueFrom(
      this.http.get<Page<ComparisonRunSummary>>(COMPARISONS, { params: queryParams({ ...query }) }),
    );
  }

  comparison(id: string): Promise<ComparisonRunDetail> {
    return firstValueFrom(this.http.get<ComparisonRunDetail>(`${COMPARISONS}/${encodeURIComponent(id)}`));
  }

  findings(id: string, query: ComparisonFindingQuery): Promise<Page<ComparisonFindingView>> {
    return firstValueFrom(
      this.http.get<Page<ComparisonFindingView>>(`${COMPARISONS}/${encodeURIComponent(id)}/findings`, {
        params: queryParams({ ...query }),
      }),
    );
  }

  findingsWorkbookUrl(id: string): string {
    return `${COMPARISONS}/${encodeURIComponent(id)}/findings.xlsx`;
  }

  route(id: string, request: RouteFindingsRequest): Promise<RouteFindingsResult> {
    return firstValueFrom(
      this.http.post<RouteFindingsResult>(`${COMPARISONS}/${encodeURIComponent(id)}/route`, request),
    );
  }

  confirm(findingId: string, request: ConfirmFindingRequest): Promise<unknown> {
    return firstValueFrom(
      this.http.post(`/api/registers/findings/${encodeURIComponent(findingId)}/confirm`, request),
    );
  }
}
