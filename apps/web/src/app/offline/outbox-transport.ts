import { HttpClient } from '@angular/common/http';
import { inject, Injectable, InjectionToken } from '@angular/core';
import type {
  CaseDetail,
  CaseIntervention,
  RecordInterventionRequest,
  UpdateCaseFieldsRequest,
} from '@baoxue/contracts';
import { firstValueFrom, Observable, timeout } from 'rxjs';
import type { OutboxTransport } from './outbox-sync';

/** A request on a weak signal that has not answered by then is tried again later. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A photo of ≤ 1600 px on 3G (~50 kB/s) takes a few seconds; allow for far worse. */
const PHOTO_TIMEOUT_MS = 120_000;

const casePath = (caseId: string): string => `/api/cases/${encodeURIComponent(caseId)}`;

/** The outbox's calls over HTTP (the session cookie goes with them). */
@Injectable({ providedIn: 'root' })
export class HttpOutboxTransport implements OutboxTransport {
  private readonly http = inject(HttpClient);

  recordVisit(caseId: string, request: RecordInterventionRequest): Promise<CaseIntervention> {
    return this.send(this.http.post<CaseIntervention>(`${casePath(caseId)}/interventions`, request));
  }

  async uploadPhoto(
    caseId: string,
    interventionId: string,
    photoClientId: string,
    photo: Blob,
  ): Promise<void> {
    const path = `${casePath(caseId)}/interventions/${encodeURIComponent(interventionId)}/photos/${encodeURIComponent(photoClientId)}`;
    await this.send(
      this.http.put(path, photo, { headers: { 'Content-Type': photo.type || 'image/jpeg' } }),
      PHOTO_TIMEOUT_MS,
    );
  }

  caseDetail(caseId: string): Promise<CaseDetail> {
    return this.send(this.http.get<CaseDetail>(casePath(caseId)));
  }

  updateCase(caseId: string, edit: UpdateCaseFieldsRequest): Promise<CaseDetail> {
    return this.send(this.http.patch<CaseDetail>(casePath(caseId), edit));
  }

  private send<T>(request: Observable<T>, ms = REQUEST_TIMEOUT_MS): Promise<T> {
    return firstValueFrom(request.pipe(timeout(ms)));
  }
}

export const OUTBOX_TRANSPORT = new InjectionToken<OutboxTransport>('OutboxTransport', {
  providedIn: 'root',
  factory: () => inject(HttpOutboxTransport),
});
