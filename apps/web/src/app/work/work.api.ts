import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { WorkList } from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

@Injectable({ providedIn: 'root' })
export class WorkApi {
  private readonly http = inject(HttpClient);

  /** The caller's overdue items and those due within `days`, soonest first. */
  mine(days?: number): Promise<WorkList> {
    return firstValueFrom(this.http.get<WorkList>('/api/work', { params: queryParams({ days }) }));
  }
}
