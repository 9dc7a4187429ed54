import { InjectionToken } from '@angular/core';
import { DBSchema, IDBPDatabase, openDB } from 'idb';
import type { CaseChangeNotice, OutboxRecord } from './outbox-model';

/** Where the outbox lives between visits; IndexedDB in the browser, memory in unit tests. */
export interface OutboxStore {
  records(): Promise<OutboxRecord[]>;
  putRecord(record: OutboxRecord): Promise<void>;
  deleteRecord(clientId: string): Promise<void>;
  notices(): Promise<CaseChangeNotice[]>;
  putNotice(notice: CaseChangeNotice): Promise<void>;
  deleteNotice(id: string): Promise<void>;
  /** Intervention ids this device sent: its own visits are no news to it. */
  sentInterventionIds(): Promise<string[]>;
  addSentInterventionId(id: string): Promise<void>;
  /** The user the stored writes belong to. */
  owner(): Promise<string | null>;
  setOwner(userId: string): Promise<void>;
  clear(): Promise<void>;
}

export const OUTBOX_DATABASE = 'bx-outbox';
/** Enough to recognise this device's recent visits in a case's timeline. */
const SENT_IDS_KEPT = 200;

interface OutboxSchema extends DBSchema {
  records: { key: string; value: OutboxRecord };
  notices: { key: string; value: CaseChangeNotice };
  meta: { key: string; value: unknown };
}

/** The outbox in an IndexedDB database of its own (`bx-outbox`); photos are kept as Blobs. */
export class IdbOutboxStore implements OutboxStore {
  private database: Promise<IDBPDatabase<OutboxSchema>> | null = null;

  async records(): Promise<OutboxRecord[]> {
    return (await this.open()).getAll('records');
  }

  async putRecord(record: OutboxRecord): Promise<void> {
    await (await this.open()).put('records', record);
  }

  async deleteRecord(clientId: string): Promise<void> {
    await (await this.open()).delete('records', clientId);
  }

  async notices(): Promise<CaseChangeNotice[]> {
    return (await this.open()).getAll('notices');
  }

  async putNotice(notice: CaseChangeNotice): Promise<void> {
    await (await this.open()).put('notices', notice);
  }

  async deleteNotice(id: string): Promise<void> {
    await (await this.open()).delete('notices', id);
  }

  async sentInterventionIds(): Promise<string[]> {
    return ((await (await this.open()).get('meta', 'sent')) as string[] | undefined) ?? [];
  }

  async addSentInterventionId(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('meta', 'readwrite');
    const sent = ((await tx.store.get('sent')) as string[] | undefined) ?? [];
    await tx.store.put([...sent.filter((s) => s !== id), id].slice(-SENT_IDS_KEPT), 'sent');
    await tx.done;
  }

  async owner(): Promise<string | null> {
    return ((await (await this.open()).get('meta', 'owner')) as string | undefined) ?? null;
  }

  async setOwner(userId: string): Promise<void> {
    await (await this.open()).put('meta', userId, 'owner');
  }

  async clear(): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['records', 'notices', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('records').clear(),
      tx.objectStore('notices').clear(),
      tx.objectStore('meta').clear(),
      tx.done,
    ]);
  }

  private open(): Promise<IDBPDatabase<OutboxSchema>> {
    this.database ??= openDB<OutboxSchema>(OUTBOX_DATABASE, 1, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'clientId' });
        db.createObjectStore('notices', { keyPath: 'id' });
        db.createObjectStore('meta');
      },
    });
    return this.database;
  }
}

/** The same contract in memory: the sync logic's tests, and browsers without IndexedDB. */
export class MemoryOutboxStore implements OutboxStore {
  private readonly recordMap = new Map<string, OutboxRecord>();
  private readonly noticeMap = new Map<string, CaseChangeNotice>();
  private sent: string[] = [];
  private ownerId: string | null = null;

  async records(): Promise<OutboxRecord[]> {
    return [...this.recordMap.values()].map((r) => copyRecord(r));
  }
  async putRecord(record: OutboxRecord): Promise<void> {
    this.recordMap.set(record.clientId, copyRecord(record));
  }
  async deleteRecord(clientId: string): Promise<void> {
    this.recordMap.delete(clientId);
  }
  async notices(): Promise<CaseChangeNotice[]> {
    return [...this.noticeMap.values()];
  }
  async putNotice(notice: CaseChangeNotice): Promise<void> {
    this.noticeMap.set(notice.id, notice);
  }
  async deleteNotice(id: string): Promise<void> {
    this.noticeMap.delete(id);
  }
  async sentInterventionIds(): Promise<string[]> {
    return [...this.sent];
  }
  async addSentInterventionId(id: string): Promise<void> {
    this.sent = [...this.sent.filter((s) => s !== id), id].slice(-SENT_IDS_KEPT);
  }
  async owner(): Promise<string | null> {
    return this.ownerId;
  }
  async setOwner(userId: string): Promise<void> {
    this.ownerId = userId;
  }
  async clear(): Promise<void> {
    this.recordMap.clear();
    this.noticeMap.clear();
    this.sent = [];
    this.ownerId = null;
  }
}

/** A copy, as IndexedDB stores one: later changes to the caller's object do not leak in. */
function copyRecord(record: OutboxRecord): OutboxRecord {
  return {
    ...record,
    base: { ...record.base },
    photos: record.photos?.map((p) => ({ ...p })),
  };
}

export const OUTBOX_STORE = new InjectionToken<OutboxStore>('OutboxStore', {
  providedIn: 'root',
  factory: () => (typeof indexedDB === 'undefined' ? new MemoryOutboxStore() : new IdbOutboxStore()),
});
