import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { apiErrorCode } from '../shared/api/api-error';
import { CHANGE_PASSWORD_URL } from './auth.guards';
import { AuthStore } from './auth.store';

/** Requests whose 401 is an answer for the caller, not an expired session. */
const SESSION_PROBES = ['/api/auth/login', '/api/auth/me'];

/**
 * Session ends (401) send the user to sign in, keeping where they were; a required
 * password change (403 `auth.password_change_required`) sends them to change it.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const router = inject(Router);
  const auth = inject(AuthStore);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && request.url.startsWith('/api/')) {
        if (error.status === 401 && !SESSION_PROBES.some((url) => request.url.startsWith(url))) {
          auth.clear();
          const current = router.url;
          const returnUrl = current.startsWith('/login') ? undefined : current;
          void router.navigate(['/login'], { queryParams: returnUrl ? { returnUrl } : {} });
        } else if (error.status === 403 && apiErrorCode(error) === 'auth.password_change_required') {
          const user = auth.user();
          if (user && !user.mustChangePassword) auth.user.set({ ...user, mustChangePassword: true });
          void router.navigateByUrl(CHANGE_PASSWORD_URL);
        }
      }
      return throwError(() => error);
    }),
  );
};
