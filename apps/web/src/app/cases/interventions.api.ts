import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CaseIntervention,
  InterventionPhoto,
  MyCaseSummary,
  MyCasesQuery,
  Page,
  RecordInterventionRequest,
} from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

/** "My cases" and a case's interventions (帮扶·劝返记录). */
@Injectable({ providedIn: 'root' })
export class InterventionsApi {
  private readonly http = inject(HttpClient);

  /** Open cases the caller is responsible for, soonest follow-up first (the API's order). */
  mine(query: MyCasesQuery): Promise<Page<MyCaseSummary>> {
    return firstValueFrom(
      this.http.get<Page<MyCaseSummary>>('/api/cases/mine', { params: queryParams({ ...query }) }),
    );
  }

  /** A case's interventions, newest first. */
  list(caseId: string): Promise<CaseIntervention[]> {
    return firstValueFrom(
      this.http.get<CaseIntervention[]>(`/api/cases/${encodeURIComponent(caseId)}/interventions`),
    );
  }

  /** Records an intervention; a resend with the same `clientId` returns the first record. */
  record(caseId: string, request: RecordInterventionRequest): Promise<CaseIntervention> {
    return firstValueFrom(
      this.http.post<CaseIntervention>(`/api/cases/${encodeURIComponent(caseId)}/interventions`, request),
    );
  }

  /** Attaches a photo (the raw image); a resend with the same `clientId` stores nothing new. */
  uploadPhoto(
    caseId: string,
    interventionId: string,
    clientId: string,
    photo: Blob,
  ): Promise<InterventionPhoto> {
    return firstValueFrom(
      this.http.put<InterventionPhoto>(this.photoPath(caseId, interventionId, clientId), photo, {
        headers: { 'Content-Type': photo.type || 'image/jpeg' },
      }),
    );
  }

  /** A photo's image (sent with the session cookie; the API audits the look). */
  photo(caseId: string, interventionId: string, photoId: string): Promise<Blob> {
    return firstValueFrom(
      this.http.get(this.photoPath(caseId, interventionId, photoId), {
        responseType: 'blob',
        withCredentials: true,
      }),
    );
  }

  private photoPath(caseId: string, interventionId: string, id: string): string {
    return `/api/cases/${encodeURIComponent(caseId)}/interventions/${encodeURIComponent(interventionId)}/photos/${encodeURIComponent(id)}`;
  }
}
