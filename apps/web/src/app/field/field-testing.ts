import type { CaseIntervention, FieldCaseCard, WorkItem } from '@baoxue/contracts';
import type { OutboxEntry } from '../offline/outbox';
import type { FieldCardStore, KeptCards } from './field-card-store';

/** jsdom has no structuredClone; the cards are plain JSON anyway. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The device store in memory, as IndexedDB would keep it (a copy, never the same object). */
export class MemoryFieldCardStore implements FieldCardStore {
  kept: KeptCards | null = null;
  failSaves = false;

  async load(): Promise<KeptCards | null> {
    return this.kept ? copy(this.kept) : null;
  }

  async save(kept: KeptCards): Promise<void> {
    if (this.failSaves) throw new Error('QuotaExceededError');
    this.kept = copy(kept);
  }

  async clear(): Promise<void> {
    this.kept = null;
  }
}

/** A case card for the field app's unit tests (a persuading case in 进士张村). */
export function aFieldCard(
  caseId: string,
  fullName: string,
  overrides: Partial<FieldCaseCard> = {},
): FieldCaseCard {
  return {
    caseId,
    version: 1,
    updatedAt: '2026-09-01T02:00:00Z',
    state: 'persuading',
    type: 'suspected_dropout',
    primaryReason: 'working_away',
    openedAt: '2026-08-28T02:00:00Z',
    absentSince: '2026-08-25',
    whereabouts: null,
    plan: null,
    reasonNote: null,
    nextFollowUpOn: null,
    overdue: false,
    student: {
      id: `s-${caseId}`,
      fullName,
      sex: 'male',
      birthDate: '2013-03-15',
      grade: 6,
      className: '2班',
      schoolName: '疃里镇中心小学',
      villageName: '进士张村',
      currentAddress: '疃里镇进士张村三组 12 号',
      flags: [],
    },
    guardians: [],
    lastIntervention: null,
    dueItems: [],
    ...overrides,
  };
}

/** A due item on a card (the caller responsible). */
export function aDueItem(caseId: string, id: string, overrides: Partial<WorkItem> = {}): WorkItem {
  return {
    id,
    kind: 'follow_up',
    dueOn: '2026-09-10',
    daysOverdue: 0,
    overdue: false,
    stage: null,
    role: 'responsible',
    case: { id: caseId, studentName: '张*', state: 'persuading' },
    school: null,
    link: `/cases/${caseId}`,
    ...overrides,
  };
}

/** A recorded home visit. */
export function anIntervention(caseId: string, overrides: Partial<CaseIntervention> = {}): CaseIntervention {
  return {
    id: `i-${caseId}`,
    caseId,
    clientId: `client-${caseId}`,
    kind: 'home_visit',
    occurredOn: '2026-09-03',
    party: 'village',
    peoplePresent: '母亲',
    outcome: 'undecided',
    notes: '家长表示再考虑',
    nextFollowUpOn: '2026-09-10',
    orderNumber: null,
    servedOn: null,
    deadlineOn: null,
    recordedByUserId: 'u-1',
    recordedByName: '张建国',
    recordedAt: '2026-09-03T08:00:00Z',
    createdAt: '2026-09-03T08:00:00Z',
    photos: [],
    location: null,
    ...overrides,
  };
}

/** A visit waiting in the outbox. */
export function anOutboxEntry(
  caseId: string,
  clientId: string,
  overrides: Partial<OutboxEntry> = {},
): OutboxEntry {
  return {
    clientId,
    kind: 'visit',
    caseId,
    baseVersion: 1,
    queuedAt: '2026-09-05T01:00:00Z',
    lastError: null,
    status: 'pending',
    childName: '张小明',
    base: { version: 1, state: 'persuading', readAt: '2026-09-05T00:55:00Z' },
    photoCount: 0,
    photoBytes: 0,
    ...overrides,
  };
}
