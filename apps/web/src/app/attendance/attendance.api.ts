import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AttendanceImportResult,
  AttendanceSummary,
  ClassRoll,
  ClassRollQuery,
  NodeRef,
  Page,
  SaveRollRequest,
  SaveRollResult,
  SchoolClass,
  WatchListEntry,
  WatchListQuery,
} from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../shared/api/query-params';

/** Attendance (考勤): class rolls, spreadsheet imports, 应到/实到/未到 and the watch list. */
@Injectable({ providedIn: 'root' })
export class AttendanceApi {
  private readonly http = inject(HttpClient);

  /** The classes of a school; school staff get their own school's by default. */
  classes(schoolId?: string): Promise<SchoolClass[]> {
    return firstValueFrom(
      this.http.get<SchoolClass[]>('/api/attendance/classes', { params: queryParams({ schoolId }) }),
    );
  }

  roll(query: ClassRollQuery): Promise<ClassRoll> {
    return firstValueFrom(
      this.http.get<ClassRoll>('/api/attendance/rolls', {
        params: queryParams({ ...query }),
      }),
    );
  }

  saveRoll(request: SaveRollRequest): Promise<SaveRollResult> {
    return firstValueFrom(this.http.put<SaveRollResult>('/api/attendance/rolls', request));
  }

  /** Validates (`dryRun`) or imports a spreadsheet; nothing is saved when any row has a problem. */
  importFile(file: File, dryRun: boolean, schoolId?: string): Promise<AttendanceImportResult> {
    const body = new FormData();
    // The fields come before the file, so a streaming parser has them when the file arrives.
    body.append('dryRun', String(dryRun));
    if (schoolId) body.append('schoolId', schoolId);
    body.append('file', file, file.name);
    return firstValueFrom(this.http.post<AttendanceImportResult>('/api/attendance/imports', body));
  }

  summary(node: NodeRef | null, date: string | null): Promise<AttendanceSummary> {
    return firstValueFrom(
      this.http.get<AttendanceSummary>('/api/attendance/summary', { params: queryParams({ node, date }) }),
    );
  }

  watchList(query: WatchListQuery): Promise<Page<WatchListEntry>> {
    return firstValueFrom(
      this.http.get<Page<WatchListEntry>>('/api/attendance/watch-list', {
        params: queryParams({ ...query }),
      }),
    );
  }
}
