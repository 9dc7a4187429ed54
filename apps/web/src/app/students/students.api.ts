import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreatedStudent,
  CreateStudentRequest,
  DismissDuplicateRequest,
  MergedStudent,
  MergeStudentRequest,
  Page,
  RevealedStudentData,
  StudentDetail,
  StudentDuplicate,
  StudentDuplicateListQuery,
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

  /** Registers a child; the answer lists records that may be the same child. */
  create(body: CreateStudentRequest): Promise<CreatedStudent> {
    return firstValueFrom(this.http.post<CreatedStudent>('/api/students', body));
  }

  /** The unmasked data, for a stated reason; the server records the view in the audit log. */
  reveal(id: string, reason: string): Promise<RevealedStudentData> {
    return firstValueFrom(
      this.http.post<RevealedStudentData>(`/api/students/${encodeURIComponent(id)}/reveal`, { reason }),
    );
  }

  /** Possible duplicates (疑似重复) with both records in scope, for the bureau. */
  duplicates(query: StudentDuplicateListQuery): Promise<Page<StudentDuplicate>> {
    return firstValueFrom(
      this.http.get<Page<StudentDuplicate>>('/api/students/duplicates', {
        params: queryParams({ ...query }),
      }),
    );
  }

  /** Merges the candidate's other record into `survivorId` (a bureau officer's act, audited). */
  merge(survivorId: string, body: MergeStudentRequest): Promise<MergedStudent> {
    return firstValueFrom(
      this.http.post<MergedStudent>(`/api/students/${encodeURIComponent(survivorId)}/merge`, body),
    );
  }

  /** "Not the same child". */
  dismissDuplicate(id: string, body: DismissDuplicateRequest): Promise<StudentDuplicate> {
    return firstValueFrom(
      this.http.post<StudentDuplicate>(`/api/students/duplicates/${encodeURIComponent(id)}/dismiss`, body),
    );
  }
}
