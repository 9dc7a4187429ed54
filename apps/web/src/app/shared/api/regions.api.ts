import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { RegionNode, RegionRef } from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class RegionsApi {
  private readonly http = inject(HttpClient);

  /** Children of a region; without a parent, the user's scope root. */
  children(parentId?: string): Promise<RegionNode[]> {
    const params = parentId ? new HttpParams().set('parentId', parentId) : undefined;
    return firstValueFrom(this.http.get<RegionNode[]>('/api/regions', { params }));
  }

  /** The region and its ancestors, from the province down. */
  chain(id: string): Promise<RegionRef[]> {
    return firstValueFrom(this.http.get<RegionRef[]>(`/api/regions/${encodeURIComponent(id)}/chain`));
  }
}
