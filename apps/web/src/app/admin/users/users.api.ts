import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateUserRequest,
  Page,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserListQuery,
  UserSummary,
} from '@baoxue/contracts';
import { firstValueFrom } from 'rxjs';
import { queryParams } from '../../shared/api/query-params';

@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: UserListQuery): Promise<Page<UserSummary>> {
    return firstValueFrom(
      this.http.get<Page<UserSummary>>('/api/users', { params: queryParams({ ...query }) }),
    );
  }

  get(id: string): Promise<UserSummary> {
    return firstValueFrom(this.http.get<UserSummary>(`/api/users/${encodeURIComponent(id)}`));
  }

  create(request: CreateUserRequest): Promise<UserSummary> {
    return firstValueFrom(this.http.post<UserSummary>('/api/users', request));
  }

  update(id: string, request: UpdateUserRequest): Promise<UserSummary> {
    return firstValueFrom(this.http.patch<UserSummary>(`/api/users/${encodeURIComponent(id)}`, request));
  }

  resetPassword(id: string, request: ResetPasswordRequest): Promise<UserSummary> {
    return firstValueFrom(
      this.http.post<UserSummary>(`/api/users/${encodeURIComponent(id)}/password`, request),
    );
  }
}
