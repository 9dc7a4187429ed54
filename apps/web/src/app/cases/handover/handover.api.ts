import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CaseReferral,
  CaseTransfer,
  CreateReferralRequest,
  IncomingTransfer,
  IncomingTransferQuery,
  OfferTransferRequest,
  Page,
  ReferralDepartment,
  ReferralInboxItem,
  ReferralInboxQuery,
  RegionRef,
} from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../../shared/api/query-params';

const caseUrl = (caseId: string, tail: string): string => `/api/cases/${encodeURIComponent(caseId)}/${tail}`;

/** Department referrals (部门转介): the case's side and the department's inbox. */
@Injectable({ providedIn: 'root' })
export class ReferralsApi {
  private readonly http = inject(HttpClient);

  forCase(caseId: string): Promise<CaseReferral[]> {
    return firstValueFrom(this.http.get<CaseReferral[]>(caseUrl(caseId, 'referrals')));
  }

  /** Departments covering the child's place. */
  departments(caseId: string): Promise<ReferralDepartment[]> {
    return firstValueFrom(this.http.get<ReferralDepartment[]>(caseUrl(caseId, 'referral-departments')));
  }

  refer(caseId: string, request: CreateReferralRequest): Promise<CaseReferral> {
    return firstValueFrom(this.http.post<CaseReferral>(caseUrl(caseId, 'referrals'), request));
  }

  inbox(query: ReferralInboxQuery): Promise<Page<ReferralInboxItem>> {
    return firstValueFrom(
      this.http.get<Page<ReferralInboxItem>>('/api/referrals', { params: queryParams({ ...query }) }),
    );
  }

  /** accept: `{ version }`; decline: `{ version, reason }`; respond: `{ version, response }`. */
  act(
    id: string,
    action: 'accept' | 'decline' | 'respond',
    body: { version: number; reason?: string; response?: string },
  ): Promise<ReferralInboxItem> {
    return firstValueFrom(
      this.http.post<ReferralInboxItem>(`/api/referrals/${encodeURIComponent(id)}/${action}`, body),
    );
  }
}

/** Transfers between regions (跨区域转出/接收): the sender's offer and the receiver's decision. */
@Injectable({ providedIn: 'root' })
export class TransfersApi {
  private readonly http = inject(HttpClient);

  forCase(caseId: string): Promise<CaseTransfer[]> {
    return firstValueFrom(this.http.get<CaseTransfer[]>(caseUrl(caseId, 'transfers')));
  }

  offer(caseId: string, request: OfferTransferRequest): Promise<CaseTransfer> {
    return firstValueFrom(this.http.post<CaseTransfer>(caseUrl(caseId, 'transfers'), request));
  }

  /** Counties and zones by name. */
  targets(q: string): Promise<RegionRef[]> {
    return firstValueFrom(
      this.http.get<RegionRef[]>('/api/transfers/targets', { params: queryParams({ q }) }),
    );
  }

  incoming(query: IncomingTransferQuery): Promise<Page<IncomingTransfer>> {
    return firstValueFrom(
      this.http.get<Page<IncomingTransfer>>('/api/transfers/incoming', { params: queryParams({ ...query }) }),
    );
  }

  /** accept: `{ version }`; decline: `{ version, reason }`. */
  act(
    id: string,
    action: 'accept' | 'decline',
    body: { version: number; reason?: string },
  ): Promise<IncomingTransfer> {
    return firstValueFrom(
      this.http.post<IncomingTransfer>(`/api/transfers/${encodeURIComponent(id)}/${action}`, body),
    );
  }
}
