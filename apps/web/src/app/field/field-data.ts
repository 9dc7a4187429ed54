import { Injectable, signal } from '@angular/core';
import type { FieldCaseCard } from '@baoxue/contracts';

/**
 * The field app's read side: the caller's case cards, network first, kept in IndexedDB so
 * they can be read offline. `refresh()` fetches every card at once (GET /api/field/cards).
 */
@Injectable({ providedIn: 'root' })
export class FieldData {
  /** When the kept cards were fetched (ISO instant); null before the first fetch. */
  readonly fetchedAt = signal<string | null>(null);
  /** True while the cards shown come from the device, not the server. */
  readonly fromDevice = signal(false);

  /** All the caller's cards: fetched when online, else those kept on the device. */
  async cards(): Promise<FieldCaseCard[]> {
    throw new Error('not built yet');
  }

  /** One card: fetched when online, else the one kept on the device; null if unknown. */
  async card(_caseId: string): Promise<FieldCaseCard | null> {
    throw new Error('not built yet');
  }

  /** Fetches every card and keeps them on the device. */
  async refresh(): Promise<void> {
    throw new Error('not built yet');
  }
}
