import type { TransferStatus } from '@baoxue/domain';
import type { RegionRef } from './regions';
import type { HandoverCase, HandoverChild } from './referrals';

/** An offer of a case to another county-level region (跨区域转出/接收). */
export interface CaseTransfer {
  id: string;
  caseId: string;
  /** The sender's county-level region (county or zone). */
  fromRegion: RegionRef;
  toRegion: RegionRef;
  status: TransferStatus;
  reason: string;
  offeredByName: string | null;
  offeredAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  declineReason: string | null;
  /** Optimistic-lock version: send it back with accept or decline. */
  version: number;
}

/** A transfer as the receiving region sees it before accepting: masked child, case codes. */
export interface IncomingTransfer extends CaseTransfer {
  child: HandoverChild;
  case: HandoverCase;
}

export interface IncomingTransferQuery {
  status?: TransferStatus;
  page?: number;
  pageSize?: number;
}

export interface OfferTransferRequest {
  /** A county or zone other than the case's (see GET /api/transfers/targets). */
  toRegionId: string;
  reason: string;
}

export interface TransferTargetQuery {
  /** Part of the region's name. */
  q?: string;
}

export interface AcceptTransferRequest {
  version: number;
}

export interface DeclineTransferRequest {
  version: number;
  reason: string;
}
