import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { InboxNotification, Page, UnreadCount } from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

/** The signed-in user's own in-app notifications. */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  /** Newest first; `unread` keeps only the unread ones. */
  list(query: { page: number; pageSize: number; unread?: boolean }): Promise<Page<InboxNotification>> {
    return firstValueFrom(
      this.http.get<Page<InboxNotification>>('/api/notifications', {
        params: queryParams({ ...query, unread: query.unread ? 'true' : undefined }),
      }),
    );
  }

  unreadCount(): Promise<UnreadCount> {
    return firstValueFrom(this.http.get<UnreadCount>('/api/notifications/unread-count'));
  }

  /** Marks one read; answers the notification as it now is. */
  markRead(id: string): Promise<InboxNotification> {
    return firstValueFrom(
      this.http.post<InboxNotification>(`/api/notifications/${encodeURIComponent(id)}/read`, {}),
    );
  }

  /** Marks every one read; answers the unread count left (0, unless some arrived meanwhile). */
  markAllRead(): Promise<UnreadCount> {
    return firstValueFrom(this.http.post<UnreadCount>('/api/notifications/read-all', {}));
  }
}
