import { HttpErrorResponse } from '@angular/common/http';
import type {
  CaseDetail,
  CaseEditConflict,
  CaseIntervention,
  RecordInterventionRequest,
  UpdateCaseFieldsRequest,
} from '@baoxue/contracts';
import type { Label } from '@baoxue/domain';
import { apiErrorOf } from '../shared/api/api-error';
import { describeCaseChanges } from './case-changes';
import { reconcileEdit } from './case-edit-conflict';
import type { OutboxRecord } from './outbox-model';
import type { OutboxStore } from './outbox-store';

/** The server calls the outbox makes; HTTP in the app, a fake in tests. */
export interface OutboxTransport {
  recordVisit(caseId: string, request: RecordInterventionRequest): Promise<CaseIntervention>;
  uploadPhoto(caseId: string, interventionId: string, photoClientId: string, photo: Blob): Promise<void>;
  caseDetail(caseId: string): Promise<Pick<CaseDetail, 'state' | 'timeline'>>;
  updateCase(caseId: string, edit: UpdateCaseFieldsRequest): Promise<unknown>;
}

/**
 * Why a send did not go through. retry: no answer or a server fault (network, timeout, 5xx,
 * 408, 429: the service worker answers 504 when offline) — try again later; session: 401, wait
 * for the user to sign in again; refused: the server said no (4xx) — the user must see it;
 * conflict: a plan edit met a newer version.
 */
export type SendFailure =
  | { kind: 'retry'; message: string }
  | { kind: 'session' }
  | { kind: 'refused'; message: string }
  | { kind: 'conflict'; current: CaseEditConflict['current'] };

/** Codes the field app words itself; any other refusal shows the server's message. */
const REFUSAL_TEXTS: Readonly<Record<string, Label>> = {
  'case.not_open': { zh: '个案已结案或已排除，不能再记录', en: 'The case is no longer open' },
  'case.closed': { zh: '个案已销号，不能再修改', en: 'The case is closed' },
  'case.not_found': { zh: '个案不存在或已不由您负责', en: 'The case is not found or no longer yours' },
};

export function classifyFailure(error: unknown): SendFailure {
  if (error instanceof HttpErrorResponse) {
    const status = error.status;
    if (status === 0 || status >= 500 || status === 408 || status === 429)
      return { kind: 'retry', message: status === 0 ? 'network' : `HTTP ${status}` };
    if (status === 401) return { kind: 'session' };
    const body = apiErrorOf(error) as (CaseEditConflict & { current?: unknown }) | null;
    if (status === 409 && body?.current) return { kind: 'conflict', current: body.current };
    const known = body?.code ? REFUSAL_TEXTS[body.code] : undefined;
    const text = known?.zh ?? (status === 404 ? REFUSAL_TEXTS['case.not_found'].zh : null);
    return { kind: 'refused', message: text ?? body?.message ?? `HTTP ${status}` };
  }
  // A timeout or a fetch that never answered.
  return { kind: 'retry', message: error instanceof Error ? error.name : 'network' };
}

export interface SyncReport {
  sent: number;
  /** Why the run stopped before the end: the rest waits for the next run. */
  stoppedBy: 'retry' | 'session' | null;
}

type Outcome = 'sent' | 'refused' | 'conflict' | 'retry' | 'session';

/** How many times an edit is rebased on a newer version in one run before it waits. */
const MAX_REBASES = 3;

/**
 * Sends a user's pending writes in the order they were recorded. A visit is posted with its
 * client id (a resend answers with the stored record), then its photos each with theirs; the
 * step reached is saved after each call, so a retry repeats only what the server may lack.
 * No answer stops the run (the order holds); a refusal marks that entry and goes on.
 */
export class OutboxSync {
  constructor(
    private readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
    private readonly now: () => Date = () => new Date(),
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  async run(userId: string): Promise<SyncReport> {
    const records = (await this.store.records())
      .filter((r) => r.userId === userId && r.status === 'pending')
      .sort((a, b) => a.seq - b.seq);
    let sent = 0;
    for (const record of records) {
      const outcome = record.visit
        ? await this.sendVisit(record, record.visit)
        : record.edit
          ? await this.sendEdit(record, record.edit)
          : await this.failed(record, { kind: 'refused', message: 'empty record' });
      if (outcome === 'retry' || outcome === 'session') return { sent, stoppedBy: outcome };
      if (outcome === 'sent') sent++;
    }
    return { sent, stoppedBy: null };
  }

  private async sendVisit(record: OutboxRecord, visit: RecordInterventionRequest): Promise<Outcome> {
    try {
      if (!record.interventionId) {
        const intervention = await this.transport.recordVisit(record.caseId, visit);
        record.interventionId = intervention.id;
        await this.store.addSentInterventionId(intervention.id);
        await this.store.putRecord(record);
      }
      for (const photo of record.photos ?? []) {
        if (photo.sent) continue;
        await this.transport.uploadPhoto(record.caseId, record.interventionId, photo.clientId, photo.blob);
        photo.sent = true;
        await this.store.putRecord(record);
      }
    } catch (error) {
      return this.failed(record, classifyFailure(error));
    }
    try {
      await this.tellChanges(record);
    } catch (error) {
      const failure = classifyFailure(error);
      // The visit is on the server; only the look at the case waits for the network.
      if (failure.kind === 'retry' || failure.kind === 'session') return this.failed(record, failure);
    }
    await this.store.deleteRecord(record.clientId);
    return 'sent';
  }

  /** Compares the case now with what the user saw, and keeps a notice when it moved meanwhile. */
  private async tellChanges(record: OutboxRecord): Promise<void> {
    const detail = await this.transport.caseDetail(record.caseId);
    const own = new Set(await this.store.sentInterventionIds());
    // Several visits waiting on one case meet the same changes: each is told once.
    const told = new Set(
      (await this.store.notices())
        .filter((n) => n.caseId === record.caseId)
        .flatMap((n) => n.changes.map((c) => c.zh)),
    );
    const changes = describeCaseChanges(detail, record.base, own).filter((c) => !told.has(c.zh));
    if (changes.length === 0) return;
    await this.store.putNotice({
      id: this.newId(),
      caseId: record.caseId,
      childName: record.childName,
      at: this.now().toISOString(),
      changes,
    });
  }

  private async sendEdit(record: OutboxRecord, edit: UpdateCaseFieldsRequest, rebases = 0): Promise<Outcome> {
    try {
      await this.transport.updateCase(record.caseId, edit);
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind !== 'conflict') return this.failed(record, failure);
      const { conflicts, resend } = reconcileEdit(edit, record.base.fields, failure.current);
      if (conflicts.length > 0 || rebases >= MAX_REBASES) return this.failed(record, failure);
      if (resend === null) {
        // The server already holds every value the user set: nothing is lost by stopping here.
        await this.store.deleteRecord(record.clientId);
        return 'sent';
      }
      record.edit = resend;
      record.base = { ...record.base, version: failure.current.version, fields: fieldsOf(failure.current) };
      await this.store.putRecord(record);
      return this.sendEdit(record, resend, rebases + 1);
    }
    await this.store.deleteRecord(record.clientId);
    return 'sent';
  }

  private async failed(record: OutboxRecord, failure: SendFailure): Promise<Outcome> {
    if (failure.kind === 'session') return 'session';
    record.attempts += 1;
    if (failure.kind === 'retry') {
      record.lastError = failure.message;
    } else if (failure.kind === 'conflict') {
      record.status = 'conflict';
      record.conflict = failure.current;
      record.lastError = null;
    } else {
      record.status = 'failed';
      record.lastError = failure.message;
    }
    await this.store.putRecord(record);
    return failure.kind;
  }
}

function fieldsOf(current: CaseEditConflict['current']): OutboxRecord['base']['fields'] {
  return { whereabouts: current.whereabouts, plan: current.plan, reasonNote: current.reasonNote };
}
