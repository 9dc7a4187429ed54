import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import type { FieldCards, FieldCaseCard } from '@baoxue/contracts';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { AuthStore } from '../auth/auth.store';
import { FIELD_CARD_STORE, KeptCards } from './field-card-store';

/** How long to wait for the server before showing the kept cards: a weak signal falls back fast. */
export const FIELD_FETCH_TIMEOUT_MS = 4000;

/**
 * True when the server could not be reached (no network, a timeout, a gateway or server
 * down): the cards kept on the device stand in. A 401/403/400 is an answer, not an outage.
 */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof HttpErrorResponse) return error.status === 0 || error.status >= 500;
  return error instanceof TimeoutError;
}

/**
 * The field app's read side: the caller's case cards, network first, kept in IndexedDB so
 * they can be read offline. `refresh()` fetches every card at once (GET /api/field/cards).
 * Kept cards belong to the user who fetched them: another user on the same phone never
 * sees them, and `clear()` forgets them at sign-out.
 */
@Injectable({ providedIn: 'root' })
export class FieldData {
  private readonly http = inject(HttpClient);
  private readonly store = inject(FIELD_CARD_STORE);
  private readonly auth = inject(AuthStore);

  /** When the cards shown were fetched (ISO instant); null before the first fetch. */
  readonly fetchedAt = signal<string | null>(null);
  /** True while the cards shown come from the device, not the server. */
  readonly fromDevice = signal(false);

  /** All the caller's cards: fetched when online, else those kept on the device. */
  async cards(): Promise<FieldCaseCard[]> {
    try {
      return await this.refresh();
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const kept = await this.kept();
      if (!kept) throw error;
      this.showKept(kept);
      return kept.cards;
    }
  }

  /**
   * One card: fetched when online, else the one kept on the device; null if unknown — the
   * server said 404 when `fromDevice()` is false, the phone never kept it when true.
   */
  async card(caseId: string): Promise<FieldCaseCard | null> {
    try {
      const card = await firstValueFrom(
        this.http
          .get<FieldCaseCard>(`/api/field/cards/${encodeURIComponent(caseId)}`)
          .pipe(timeout(FIELD_FETCH_TIMEOUT_MS)),
      );
      this.fromDevice.set(false);
      this.fetchedAt.set(new Date().toISOString());
      await this.keepOne(caseId, card);
      return card;
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 404) {
        // No longer the caller's (closed, handed over): it should not stay on the phone.
        this.fromDevice.set(false);
        await this.keepOne(caseId, null);
        return null;
      }
      if (!isUnreachable(error)) throw error;
      // Unreachable: whatever the phone has stands in, and says so even when it has nothing.
      const kept = await this.kept();
      this.fromDevice.set(true);
      if (kept) this.fetchedAt.set(kept.at);
      return kept?.cards.find((c) => c.caseId === caseId) ?? null;
    }
  }

  /** Fetches every card and keeps them on the device; fails when the server cannot be reached. */
  async refresh(): Promise<FieldCaseCard[]> {
    const answer = await firstValueFrom(
      this.http.get<FieldCards>('/api/field/cards').pipe(timeout(FIELD_FETCH_TIMEOUT_MS)),
    );
    this.fromDevice.set(false);
    this.fetchedAt.set(answer.at);
    const userId = this.auth.user()?.id;
    if (userId) await this.saveQuietly({ userId, at: answer.at, cards: answer.cards });
    return answer.cards;
  }

  /** Forgets the kept cards (sign-out, or another user on this phone). */
  async clear(): Promise<void> {
    this.fetchedAt.set(null);
    this.fromDevice.set(false);
    await this.store.clear();
  }

  /** The current user's kept cards; anyone else's are dropped, never shown. */
  private async kept(): Promise<KeptCards | null> {
    const kept = await this.store.load().catch(() => null);
    if (!kept) return null;
    const userId = this.auth.user()?.id;
    if (kept.userId === userId) return kept;
    await this.store.clear().catch(() => undefined);
    return null;
  }

  private showKept(kept: KeptCards): void {
    this.fromDevice.set(true);
    this.fetchedAt.set(kept.at);
  }

  /** Replaces (or, with null, removes) one kept card, keeping the set's fetch time. */
  private async keepOne(caseId: string, card: FieldCaseCard | null): Promise<void> {
    const kept = await this.kept();
    if (!kept) return;
    const others = kept.cards.filter((c) => c.caseId !== caseId);
    const cards = card ? kept.cards.map((c) => (c.caseId === caseId ? card : c)) : others;
    if (card && others.length === kept.cards.length) cards.push(card);
    await this.saveQuietly({ ...kept, cards });
  }

  /** A full or blocked device store must not hide what the server just answered. */
  private async saveQuietly(kept: KeptCards): Promise<void> {
    await this.store.save(kept).catch(() => undefined);
  }
}
