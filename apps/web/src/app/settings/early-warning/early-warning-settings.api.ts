import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { EarlyWarningSettings, SaveEarlyWarningSettingsRequest } from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';

/** Per-county dropout-risk rules (admin and bureau officers). */
@Injectable({ providedIn: 'root' })
export class EarlyWarningSettingsApi {
  private readonly http = inject(HttpClient);

  get(countyId: string): Promise<EarlyWarningSettings> {
    return firstValueFrom(
      this.http.get<EarlyWarningSettings>('/api/settings/early-warning', { params: { countyId } }),
    );
  }

  /** Saves with the version read (a stale one gets 409); the county's scores are then recomputed. */
  save(countyId: string, request: SaveEarlyWarningSettingsRequest): Promise<EarlyWarningSettings> {
    return firstValueFrom(
      this.http.put<EarlyWarningSettings>('/api/settings/early-warning', request, { params: { countyId } }),
    );
  }
}
