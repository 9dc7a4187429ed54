import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import type {
  EditableCaseField,
  RecordInterventionRequest,
  UpdateCaseFieldsRequest,
} from '@baoxue/contracts';
import type { CaseState } from '@baoxue/domain';
import { AuthStore } from '../auth/auth.store';
import { newClientId } from '../cases/intervention-form';
import { FieldChoice, resolveEdit } from './case-edit-conflict';
import { NetworkStatus } from './network-status';
import type { CaseBase, CaseChangeNotice, OutboxRecord, OutboxStatus } from './outbox-model';
import { OUTBOX_STORE } from './outbox-store';
import { OutboxSync } from './outbox-sync';
import { OUTBOX_TRANSPORT } from './outbox-transport';

/** A write waiting on the device to be sent ("等待发送"), as the pages show it (no photo bytes). */
export interface OutboxEntry {
  /** The client-generated id the server deduplicates by. */
  clientId: string;
  kind: 'visit' | 'case_edit';
  caseId: string;
  /** The case version the user saw when recording (null: the case was not on the device). */
  baseVersion: number | null;
  queuedAt: string;
  /** Set after a failed attempt: the reason ("network", or the server's refusal). */
  lastError: string | null;
  status: OutboxStatus;
  childName: string | null;
  base: CaseBase;
  visit?: RecordInterventionRequest;
  photoCount: number;
  photoBytes: number;
  edit?: UpdateCaseFieldsRequest;
  conflict?: OutboxRecord['conflict'];
}

/** What the page knew of the case when the user recorded: used to tell them what changed since. */
export interface RecordingContext {
  childName?: string | null;
  state?: CaseState | null;
  /** When the page's view of the case was read (ISO instant); now when not given. */
  readAt?: string | null;
  fields?: Partial<Record<EditableCaseField, string | null>>;
}

/** First retry after 2 s, doubling to at most a minute: a flapping signal is not hammered. */
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

function toEntry(record: OutboxRecord): OutboxEntry {
  const photos = record.photos ?? [];
  return {
    clientId: record.clientId,
    kind: record.kind,
    caseId: record.caseId,
    baseVersion: record.base.version,
    queuedAt: record.queuedAt,
    lastError: record.lastError,
    status: record.status,
    childName: record.childName,
    base: record.base,
    visit: record.visit,
    photoCount: photos.length,
    photoBytes: photos.reduce((sum, p) => sum + p.size, 0),
    edit: record.edit,
    conflict: record.conflict,
  };
}

/**
 * The write side of the field app: visits and plan edits go to an IndexedDB outbox first and
 * are sent when the network allows, in order, each exactly once (resends reuse the client id).
 * Sending starts at once, on start, when the browser comes online or back to the foreground,
 * and on a backoff timer while anything waits. Writes belong to the user who made them; a
 * different user signing in on the phone starts from an empty outbox.
 */
@Injectable({ providedIn: 'root' })
export class Outbox {
  private readonly store = inject(OUTBOX_STORE);
  private readonly auth = inject(AuthStore);
  private readonly network = inject(NetworkStatus);
  private readonly sync = new OutboxSync(this.store, inject(OUTBOX_TRANSPORT), () => new Date(), newClientId);

  /** The signed-in user's writes on the device, oldest first. */
  readonly entries = signal<readonly OutboxEntry[]>([]);
  /** Everything not yet sent and not waiting for the user, oldest first. */
  readonly pending = computed(() => this.entries().filter((e) => e.status === 'pending'));
  /** Refused or conflicting writes: shown until the user acts. */
  readonly needsAttention = computed(() => this.entries().filter((e) => e.status !== 'pending'));
  /** "发送时个案已有变化" notices, until dismissed. */
  readonly notices = signal<readonly CaseChangeNotice[]>([]);
  readonly syncing = signal(false);
  readonly online = this.network.online;

  private userId: string | null = null;
  private running: Promise<void> | null = null;
  private runAgain = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private lastSeq = 0;
  /** Settles once the signed-in user's outbox is loaded (and a stranger's dropped). */
  private ready: Promise<void> = Promise.resolve();

  constructor() {
    effect(() => {
      const id = this.auth.user()?.id ?? null;
      untracked(() => (this.ready = this.switchUser(id)));
    });
    effect(() => {
      if (this.network.online()) untracked(() => void this.syncNow());
    });
    if (typeof document !== 'undefined') {
      const onVisible = (): void => {
        if (document.visibilityState === 'visible') void this.syncNow();
      };
      document.addEventListener('visibilitychange', onVisible);
      inject(DestroyRef).onDestroy(() => {
        document.removeEventListener('visibilitychange', onVisible);
        this.clearTimer();
      });
    }
  }

  /** The entries of one case (reactive: read inside a template or computed). */
  entriesFor(caseId: string): OutboxEntry[] {
    return this.entries().filter((e) => e.caseId === caseId);
  }

  /** Queues a visit (with photos already compressed on the device) and tries to send it. */
  async enqueueVisit(
    caseId: string,
    baseVersion: number | null,
    visit: RecordInterventionRequest,
    photos: readonly Blob[],
    context: RecordingContext = {},
  ): Promise<OutboxEntry> {
    const record = await this.newRecord('visit', caseId, baseVersion, context, visit.clientId);
    record.visit = { ...visit, clientId: record.clientId };
    record.photos = photos.map((blob) => ({ clientId: newClientId(), blob, size: blob.size, sent: false }));
    return this.add(record);
  }

  /** Queues an edit of the plan's fields (with the version read) and tries to send it. */
  async enqueueCaseEdit(
    caseId: string,
    edit: UpdateCaseFieldsRequest,
    context: RecordingContext = {},
  ): Promise<OutboxEntry> {
    const record = await this.newRecord('case_edit', caseId, edit.version, context);
    record.edit = { ...edit };
    return this.add(record);
  }

  /**
   * Settles a conflicting edit with the user's choice per field: their values are resent at the
   * server's version; if they kept every server value, nothing is left to send.
   */
  async resolveConflict(
    clientId: string,
    choices: Partial<Record<EditableCaseField, FieldChoice>>,
  ): Promise<void> {
    await this.ready;
    const record = (await this.store.records()).find((r) => r.clientId === clientId);
    if (!record?.edit || !record.conflict) return;
    const resolved = resolveEdit(record.edit, record.conflict, choices);
    if (resolved === null) {
      await this.store.deleteRecord(clientId);
    } else {
      const current = record.conflict;
      record.edit = resolved;
      record.base = {
        ...record.base,
        version: current.version,
        fields: { whereabouts: current.whereabouts, plan: current.plan, reasonNote: current.reasonNote },
      };
      record.status = 'pending';
      record.conflict = undefined;
      record.lastError = null;
      await this.store.putRecord(record);
    }
    await this.reload();
    void this.syncNow();
  }

  /** Discards a write the server refused (or a conflict the user gives up): their explicit choice. */
  async discard(clientId: string): Promise<void> {
    await this.ready;
    const record = (await this.store.records()).find((r) => r.clientId === clientId);
    if (!record || record.status === 'pending') return;
    await this.store.deleteRecord(clientId);
    await this.reload();
  }

  async dismissNotice(id: string): Promise<void> {
    await this.store.deleteNotice(id);
    this.notices.update((list) => list.filter((n) => n.id !== id));
  }

  /** Sends what is pending now (one run at a time; a call during a run asks for another). */
  syncNow(): Promise<void> {
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    this.running = this.runLoop().finally(() => (this.running = null));
    return this.running;
  }

  /** Forgets everything on the device (sign-out). */
  async clear(): Promise<void> {
    this.clearTimer();
    await this.store.clear();
    this.entries.set([]);
    this.notices.set([]);
  }

  private async runLoop(): Promise<void> {
    await this.ready;
    do {
      this.runAgain = false;
      const userId = this.userId;
      if (!userId || !this.network.online()) return;
      if (!this.entries().some((e) => e.status === 'pending')) return;
      this.syncing.set(true);
      try {
        const report = await this.sync.run(userId);
        this.afterRun(report.stoppedBy);
      } catch {
        // The device store failed (full, blocked): keep everything and try later.
        this.afterRun('retry');
      } finally {
        this.syncing.set(false);
        await this.reload();
      }
    } while (this.runAgain);
  }

  private afterRun(stoppedBy: 'retry' | 'session' | null): void {
    this.clearTimer();
    if (stoppedBy !== 'retry') {
      this.retries = 0;
      return;
    }
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.retries);
    this.retries++;
    this.retryTimer = setTimeout(() => void this.syncNow(), delay);
  }

  private clearTimer(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async switchUser(userId: string | null): Promise<void> {
    this.userId = userId;
    this.clearTimer();
    if (!userId) {
      // Signed out or the session ended: hide the writes, keep them for the same user's return.
      this.entries.set([]);
      this.notices.set([]);
      return;
    }
    try {
      const owner = await this.store.owner();
      if (owner !== null && owner !== userId) await this.store.clear();
      if (owner !== userId) await this.store.setOwner(userId);
      await this.reload();
    } catch {
      // No usable IndexedDB (private mode): the outbox starts empty.
    }
    void this.syncNow();
  }

  private async reload(): Promise<void> {
    const userId = this.userId;
    if (!userId) return;
    const records = (await this.store.records()).filter((r) => r.userId === userId);
    records.sort((a, b) => a.seq - b.seq);
    this.lastSeq = Math.max(this.lastSeq, ...records.map((r) => r.seq));
    this.entries.set(records.map(toEntry));
    const notices = await this.store.notices();
    this.notices.set([...notices].sort((a, b) => a.at.localeCompare(b.at)));
  }

  private async newRecord(
    kind: OutboxRecord['kind'],
    caseId: string,
    baseVersion: number | null,
    context: RecordingContext,
    clientId?: string,
  ): Promise<OutboxRecord> {
    await this.ready;
    const userId = this.userId;
    if (!userId) throw new Error('signed out: nothing can be queued');
    const now = new Date();
    this.lastSeq = Math.max(now.getTime(), this.lastSeq + 1);
    return {
      clientId: clientId || newClientId(),
      kind,
      caseId,
      userId,
      seq: this.lastSeq,
      queuedAt: now.toISOString(),
      status: 'pending',
      attempts: 0,
      lastError: null,
      childName: context.childName ?? null,
      base: {
        version: baseVersion,
        state: context.state ?? null,
        readAt: context.readAt ?? now.toISOString(),
        fields: context.fields,
      },
    };
  }

  private async add(record: OutboxRecord): Promise<OutboxEntry> {
    await this.store.putRecord(record);
    await this.reload();
    void this.syncNow();
    return toEntry(record);
  }
}
