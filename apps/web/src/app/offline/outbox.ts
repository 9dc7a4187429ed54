import { Injectable, signal } from '@angular/core';
import type { RecordInterventionRequest, UpdateCaseFieldsRequest } from '@baoxue/contracts';

/** A write waiting on the device to be sent ("等待发送"). */
export interface OutboxEntry {
  /** The client-generated id the server deduplicates by. */
  clientId: string;
  kind: 'visit' | 'case_edit';
  caseId: string;
  /** The case version the user saw when recording. */
  baseVersion: number;
  queuedAt: string;
  /** Set after a failed attempt the app will retry. */
  lastError: string | null;
}

/**
 * The write side of the field app: visits and plan edits go to an IndexedDB outbox first and
 * are sent when the network allows, in order, each exactly once (resends reuse the client id).
 */
@Injectable({ providedIn: 'root' })
export class Outbox {
  /** Everything not yet sent, oldest first. */
  readonly pending = signal<readonly OutboxEntry[]>([]);

  /** Queues a visit (with photos already compressed on the device) and tries to send it. */
  async enqueueVisit(
    _caseId: string,
    _baseVersion: number,
    _visit: RecordInterventionRequest,
    _photos: readonly Blob[],
  ): Promise<OutboxEntry> {
    throw new Error('not built yet');
  }

  /** Queues an edit of the plan's fields and tries to send it. */
  async enqueueCaseEdit(_caseId: string, _edit: UpdateCaseFieldsRequest): Promise<OutboxEntry> {
    throw new Error('not built yet');
  }
}
