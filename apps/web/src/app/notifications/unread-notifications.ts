import { inject, Injectable, signal } from '@angular/core';
import { NotificationsApi } from './notifications.api';

/** How often the header asks for the unread count while the app is open. */
export const UNREAD_POLL_MS = 60_000;

/** The signed-in user's unread count, shared by the header badge and the inbox. */
@Injectable({ providedIn: 'root' })
export class UnreadNotifications {
  private readonly api = inject(NotificationsApi);
  private readonly count = signal(0);
  private request = 0;

  readonly unread = this.count.asReadonly();

  /** Asks the API again; answers to superseded requests are dropped. */
  async refresh(): Promise<void> {
    const request = ++this.request;
    try {
      const { unread } = await this.api.unreadCount();
      if (request === this.request) this.count.set(unread);
    } catch {
      // Keep the last count: a missed poll is made good by the next one.
    }
  }
}
