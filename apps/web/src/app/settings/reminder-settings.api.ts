import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CountySettings, UpdateCountySettings } from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';

/** Per-county reminder rules (admin and bureau officers). */
@Injectable({ providedIn: 'root' })
export class ReminderSettingsApi {
  private readonly http = inject(HttpClient);

  /** The counties and zones in the caller's scope, each with its rules. */
  counties(): Promise<CountySettings[]> {
    return firstValueFrom(this.http.get<CountySettings[]>('/api/settings/reminders'));
  }

  get(regionId: string): Promise<CountySettings> {
    return firstValueFrom(
      this.http.get<CountySettings>(`/api/settings/reminders/${encodeURIComponent(regionId)}`),
    );
  }

  /** Saves with the version read; a stale one gets 409. */
  save(regionId: string, update: UpdateCountySettings): Promise<CountySettings> {
    return firstValueFrom(
      this.http.put<CountySettings>(`/api/settings/reminders/${encodeURIComponent(regionId)}`, update),
    );
  }
}
