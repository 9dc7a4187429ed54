import { HttpErrorResponse } from '@angular/common/http';
import type {
  CaseDetail,
  CaseEditConflict,
  CaseEvent,
  CaseIntervention,
  RecordInterventionRequest,
  UpdateCaseFieldsRequest,
} from '@baoxue/contracts';
import type { CaseState } from '@baoxue/domain';
import type { OutboxTransport } from './outbox-sync';

/** How the next call fails: before the server acts, after it acted (the answer lost), or an answer. */
export type Fault = 'lost-request' | 'lost-response' | { status: number; body?: unknown };

export const networkError = (): HttpErrorResponse =>
  new HttpErrorResponse({ status: 0, statusText: 'Unknown Error' });

/**
 * A server in memory for the outbox's tests: idempotent by client id like the API, with a case
 * version, state and timeline, and faults to inject per call.
 */
export class FakeCaseServer implements OutboxTransport {
  readonly interventions: {
    id: string;
    caseId: string;
    request: RecordInterventionRequest;
    photos: string[];
  }[] = [];
  readonly timeline: CaseEvent[] = [];
  /** Faults for the coming calls, in order; null lets that call through. */
  readonly faults: (Fault | null)[] = [];
  state: CaseState = 'persuading';
  version = 3;
  fields: Record<'whereabouts' | 'plan' | 'reasonNote', string | null> = {
    whereabouts: null,
    plan: null,
    reasonNote: null,
  };
  calls = 0;
  private nextId = 1;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async recordVisit(caseId: string, request: RecordInterventionRequest): Promise<CaseIntervention> {
    return this.call(() => {
      let stored = this.interventions.find(
        (i) => i.caseId === caseId && i.request.clientId === request.clientId,
      );
      if (!stored) {
        stored = { id: `i${this.nextId++}`, caseId, request, photos: [] };
        this.interventions.push(stored);
        this.event('intervention', 'me', { interventionId: stored.id, kind: request.kind });
      }
      return { id: stored.id, clientId: request.clientId } as CaseIntervention;
    });
  }

  async uploadPhoto(caseId: string, interventionId: string, photoClientId: string): Promise<void> {
    return this.call(() => {
      const stored = this.interventions.find((i) => i.id === interventionId && i.caseId === caseId);
      if (!stored) throw new HttpErrorResponse({ status: 404 });
      if (!stored.photos.includes(photoClientId)) stored.photos.push(photoClientId);
    });
  }

  async caseDetail(): Promise<Pick<CaseDetail, 'state' | 'timeline'>> {
    return this.call(() => ({ state: this.state, timeline: [...this.timeline] }));
  }

  async updateCase(_caseId: string, edit: UpdateCaseFieldsRequest): Promise<unknown> {
    return this.call(() => {
      if (edit.version !== this.version) {
        const body: CaseEditConflict = {
          statusCode: 409,
          error: 'Conflict',
          message: 'the case changed since you read it',
          code: 'case.version_conflict',
          current: { version: this.version, updatedAt: this.clock().toISOString(), ...this.fields },
        };
        throw new HttpErrorResponse({ status: 409, error: body });
      }
      for (const field of ['whereabouts', 'plan', 'reasonNote'] as const)
        if (edit[field] !== undefined) this.fields[field] = edit[field] ?? null;
      this.version++;
      return {};
    });
  }

  /** Someone else acts on the case meanwhile. */
  otherIntervention(actorName: string, kind = 'phone_call'): void {
    this.event('intervention', actorName, { interventionId: `other${this.nextId++}`, kind });
  }

  otherTransition(actorName: string, toState: CaseState): void {
    const fromState = this.state;
    this.state = toState;
    this.version++;
    this.event('transition', actorName, null, fromState, toState);
  }

  otherEdit(field: 'whereabouts' | 'plan' | 'reasonNote', value: string): void {
    this.fields[field] = value;
    this.version++;
  }

  private event(
    kind: CaseEvent['kind'],
    actorName: string,
    payload: Record<string, unknown> | null,
    fromState: CaseState | null = null,
    toState: CaseState | null = null,
  ): void {
    this.timeline.push({
      id: `e${this.timeline.length + 1}`,
      kind,
      transition: null,
      fromState,
      toState,
      actorUserId: null,
      actorName,
      at: this.clock().toISOString(),
      payload,
      comment: null,
    });
  }

  private async call<T>(act: () => T): Promise<T> {
    this.calls++;
    const fault = this.faults.shift();
    if (fault === 'lost-request') throw networkError();
    if (fault && fault !== 'lost-response')
      throw new HttpErrorResponse({ status: fault.status, error: fault.body ?? null });
    const result = act();
    if (fault === 'lost-response') throw networkError();
    return result;
  }
}
