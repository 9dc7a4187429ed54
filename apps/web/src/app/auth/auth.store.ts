import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { ChangePasswordRequest, CurrentUser, LoginRequest } from '@baoxue/contracts';
import type { Permission } from '@baoxue/domain';
import { firstValueFrom } from 'rxjs';

/** The session: who is signed in, loaded from `/api/auth/me` at start. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);

  readonly user = signal<CurrentUser | null>(null);
  readonly signedIn = computed(() => this.user() !== null);
  readonly mustChangePassword = computed(() => this.user()?.mustChangePassword ?? false);

  /** Asks the API who is signed in; a failure leaves the session empty. */
  async load(): Promise<void> {
    try {
      this.user.set(await firstValueFrom(this.http.get<CurrentUser>('/api/auth/me')));
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 401) this.user.set(null);
    }
  }

  async login(request: LoginRequest): Promise<CurrentUser> {
    const user = await firstValueFrom(this.http.post<CurrentUser>('/api/auth/login', request));
    this.user.set(user);
    return user;
  }

  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout', {}));
    } finally {
      this.user.set(null);
    }
  }

  async changePassword(request: ChangePasswordRequest): Promise<CurrentUser> {
    const user = await firstValueFrom(this.http.post<CurrentUser>('/api/auth/password', request));
    this.user.set(user);
    return user;
  }

  /** Forgets the session locally (the server already has, e.g. after a 401). */
  clear(): void {
    this.user.set(null);
  }

  can(permission: Permission): boolean {
    return this.user()?.permissions.includes(permission) ?? false;
  }
}
