import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AssignResponsibleRequest,
  CaseDetail,
  CaseListQuery,
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

  /** Cases in scope; `q` searches the child's name. */
  list(query: CaseListQuery & { q?: string }): Promise<Page<CaseSummary>> {
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

  /** Schools in scope, for the return school of a case. */
  schools(): Promise<Page<Organisation>> {
    return firstValueFrom(
      this.http.get<Page<Organisation>>('/api/organisations', {
        params: queryParams({ type: 'school', page: 1, pageSize: 100 }),
      }),
    );
  }
}
