import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  Page,
  RevealedStudentData,
  StudentDetail,
  StudentListQuery,
  StudentSummary,
} from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

@Injectable({ providedIn: 'root' })
export class StudentsApi {
  private readonly http = inject(HttpClient);

  list(query: StudentListQuery): Promise<Page<StudentSummary>> {
    return firstValueFrom(
      this.http.get<Page<StudentSummary>>('/api/students', { params: queryParams({ ...query }) }),
    );
  }

  get(id: string): Promise<StudentDetail> {
    return firstValueFrom(this.http.get<StudentDetail>(`/api/students/${encodeURIComponent(id)}`));
  }

  /** The unmasked data, for a stated reason; the server records the view in the audit log. */
  reveal(id: string, reason: string): Promise<RevealedStudentData> {
    return firstValueFrom(
      this.http.post<RevealedStudentData>(`/api/students/${encodeURIComponent(id)}/reveal`, { reason }),
    );
  }
}
