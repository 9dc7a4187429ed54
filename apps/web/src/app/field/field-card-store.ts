import { InjectionToken } from '@angular/core';
import type { FieldCaseCard } from '@baoxue/contracts';
import { IDBPDatabase, openDB } from 'idb';

/** The cards kept on the device, with whose they are and when the server gave them. */
export interface KeptCards {
  userId: string;
  /** When the server answered (ISO instant). */
  at: string;
  cards: FieldCaseCard[];
}

/** Where the field cards are kept between visits; IndexedDB in the browser. */
export interface FieldCardStore {
  load(): Promise<KeptCards | null>;
  save(kept: KeptCards): Promise<void>;
  clear(): Promise<void>;
}

const DATABASE = 'bx-field';
const STORE = 'kept';
/** One record holds every card: a save replaces the whole set at once, never half of it. */
const KEY = 'cards';

/** The cards in an IndexedDB database of the field app's own (`bx-field`). */
export class IdbFieldCardStore implements FieldCardStore {
  private database: Promise<IDBPDatabase> | null = null;

  async load(): Promise<KeptCards | null> {
    const kept = (await (await this.open()).get(STORE, KEY)) as KeptCards | undefined;
    return kept ?? null;
  }

  async save(kept: KeptCards): Promise<void> {
    await (await this.open()).put(STORE, kept, KEY);
  }

  async clear(): Promise<void> {
    await (await this.open()).clear(STORE);
  }

  private open(): Promise<IDBPDatabase> {
    this.database ??= openDB(DATABASE, 1, {
      upgrade(db) {
        db.createObjectStore(STORE);
      },
    });
    return this.database;
  }
}

export const FIELD_CARD_STORE = new InjectionToken<FieldCardStore>('FieldCardStore', {
  providedIn: 'root',
  factory: () => new IdbFieldCardStore(),
});
