import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ChannelTestResult,
  CreateNotificationChannel,
  NotificationChannel,
  NotificationDelivery,
  UpdateNotificationChannel,
} from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

/** The webhook channels (企业微信 / 钉钉 group robots) of organisations in the caller's scope. */
@Injectable({ providedIn: 'root' })
export class NotificationChannelsApi {
  private readonly http = inject(HttpClient);
  private readonly base = '/api/notification-channels';

  list(organisationId: string): Promise<NotificationChannel[]> {
    return firstValueFrom(
      this.http.get<NotificationChannel[]>(this.base, { params: queryParams({ organisationId }) }),
    );
  }

  create(request: CreateNotificationChannel): Promise<NotificationChannel> {
    return firstValueFrom(this.http.post<NotificationChannel>(this.base, request));
  }

  /** Changes with the version read; a stale one gets 409. */
  update(id: string, request: UpdateNotificationChannel): Promise<NotificationChannel> {
    return firstValueFrom(
      this.http.patch<NotificationChannel>(`${this.base}/${encodeURIComponent(id)}`, request),
    );
  }

  remove(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`${this.base}/${encodeURIComponent(id)}`));
  }

  /** Sends a test message now; a refusal by the robot is an answer (`ok: false`), not an error. */
  test(id: string): Promise<ChannelTestResult> {
    return firstValueFrom(
      this.http.post<ChannelTestResult>(`${this.base}/${encodeURIComponent(id)}/test`, {}),
    );
  }

  /** The channel's deliveries that gave up after every retry. */
  failedDeliveries(id: string): Promise<NotificationDelivery[]> {
    return firstValueFrom(
      this.http.get<NotificationDelivery[]>(`${this.base}/${encodeURIComponent(id)}/deliveries`, {
        params: queryParams({ status: 'failed' }),
      }),
    );
  }
}
