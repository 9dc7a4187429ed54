import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AssignResponsibleRequest,
  CaseAccessEntry,
  CaseDetail,
  CaseListQuery,
  CaseNotice,
  CaseResponsible,
  CaseSummary,
  CaseTransitionRequest,
  OpenCaseRequest,
  Organisation,
  Page,
} from '@baoxue/contracts';
import type { TransitionName } from '@baoxue/domain';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

@Injectable({ providedIn: 'root' })
export class CasesApi {
  private readonly http = inject(HttpClient);

  /** Cases in scope; `q` is the child's name or a full ID number. */
  list(query: CaseListQuery): Promise<Page<CaseSummary>> {
    return firstValueFrom(
      this.http.get<Page<CaseSummary>>('/api/cases', { params: queryParams({ ...query }) }),
    );
  }

  get(id: string): Promise<CaseDetail> {
    return firstValueFrom(this.http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`));
  }

  open(request: OpenCaseRequest): Promise<CaseDetail> {
    return firstValueFrom(this.http.post<CaseDetail>('/api/cases', request));
  }

  /** Takes a lifecycle transition; `version` is the one read, a stale one gets 409. */
  transition(id: string, name: TransitionName, request: CaseTransitionRequest): Promise<CaseDetail> {
    return firstValueFrom(
      this.http.post<CaseDetail>(
        `/api/cases/${encodeURIComponent(id)}/transitions/${encodeURIComponent(name)}`,
        request,
      ),
    );
  }

  assignResponsible(id: string, request: AssignResponsibleRequest): Promise<CaseResponsible> {
    return firstValueFrom(
      this.http.post<CaseResponsible>(`/api/cases/${encodeURIComponent(id)}/responsibles`, request),
    );
  }

  /** Who looked at or changed the case or its child (谁查看过), newest first; needs audit.read. */
  accessLog(id: string, page: number, pageSize: number): Promise<Page<CaseAccessEntry>> {
    return firstValueFrom(
      this.http.get<Page<CaseAccessEntry>>(`/api/cases/${encodeURIComponent(id)}/access-log`, {
        params: queryParams({ page, pageSize }),
      }),
    );
  }

  /** The written order (限期返校通知书) of one written-order intervention, for printing. */
  writtenOrder(id: string, interventionId: string): Promise<CaseNotice> {
    return firstValueFrom(
      this.http.get<CaseNotice>(
        `/api/cases/${encodeURIComponent(id)}/notices/written-order/${encodeURIComponent(interventionId)}`,
      ),
    );
  }

  /** The written report to the town government and the education bureau (书面报告), for printing. */
  townshipReport(id: string): Promise<CaseNotice> {
    return firstValueFrom(
      this.http.get<CaseNotice>(`/api/cases/${encodeURIComponent(id)}/notices/township-report`),
    );
  }

  /** Schools in scope, for the return school of a case. */
  schools(): Promise<Page<Organisation>> {
    return firstValueFrom(
      this.http.get<Page<Organisation>>('/api/organisations', {
        params: queryParams({ type: 'school', page: 1, pageSize: 100 }),
      }),
    );
  }
}
