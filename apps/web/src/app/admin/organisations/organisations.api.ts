import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateOrganisationRequest,
  Organisation,
  OrganisationListQuery,
  Page,
  UpdateOrganisationRequest,
} from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../../shared/api/query-params';

@Injectable({ providedIn: 'root' })
export class OrganisationsApi {
  private readonly http = inject(HttpClient);

  list(query: OrganisationListQuery): Promise<Page<Organisation>> {
    return firstValueFrom(
      this.http.get<Page<Organisation>>('/api/organisations', { params: queryParams({ ...query }) }),
    );
  }

  get(id: string): Promise<Organisation> {
    return firstValueFrom(this.http.get<Organisation>(`/api/organisations/${encodeURIComponent(id)}`));
  }

  create(request: CreateOrganisationRequest): Promise<Organisation> {
    return firstValueFrom(this.http.post<Organisation>('/api/organisations', request));
  }

  update(id: string, request: UpdateOrganisationRequest): Promise<Organisation> {
    return firstValueFrom(
      this.http.patch<Organisation>(`/api/organisations/${encodeURIComponent(id)}`, request),
    );
  }
}
