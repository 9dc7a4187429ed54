import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError, ApiErrorDetail } from '@baoxue/contracts';

/** The API's error body, or null when the failure was not an API answer (network, proxy). */
export function apiErrorOf(error: unknown): ApiError | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body = error.error as Partial<ApiError> | null;
  if (body && typeof body === 'object' && typeof body.statusCode === 'number') {
    return body as ApiError;
  }
  return null;
}

/** Error code of an API failure (`auth.locked`, `user.stale_version` …), if any. */
export function apiErrorCode(error: unknown): string | null {
  return apiErrorOf(error)?.code ?? null;
}

export function isStaleVersion(error: unknown): boolean {
  const code = apiErrorCode(error);
  return (
    (error instanceof HttpErrorResponse && error.status === 409) ||
    (code !== null && code.endsWith('.stale_version'))
  );
}

export type FieldErrors = Readonly<Record<string, ApiErrorDetail>>;

/** Server-side field errors keyed by the top-level field name (first one wins). */
export function fieldErrorsOf(error: unknown): FieldErrors {
  const details: ApiErrorDetail[] = apiErrorOf(error)?.details ?? [];
  const byField: Record<string, ApiErrorDetail> = {};
  for (const detail of details) {
    const field = detail.field.split('.')[0];
    if (field && !(field in byField)) byField[field] = detail;
  }
  return byField;
}

/** Rules the UI has its own wording for; other rules show the server's message. */
export const KNOWN_FIELD_RULES = [
  'too_short',
  'too_long',
  'too_simple',
  'matchesCurrent',
  'notReused',
  'isNotEmpty',
  'maxLength',
  'unique',
] as const;

/**
 * Translation key for an API failure: a known code maps to `errors.<code>`, anything
 * else to a generic message by status.
 */
export function errorMessageKey(error: unknown, knownCodes: readonly string[] = KNOWN_ERROR_CODES): string {
  const code = apiErrorCode(error);
  if (code && knownCodes.includes(code)) return `errors.${code}`;
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return 'errors.network';
    if (error.status === 403) return 'errors.forbidden';
    if (error.status === 404) return 'errors.not_found';
    if (error.status === 409) return 'errors.conflict';
    if (error.status === 400 || error.status === 422) return 'errors.invalid';
    if (error.status === 429) return 'errors.rate_limited';
  }
  return 'errors.unexpected';
}

export const KNOWN_ERROR_CODES = [
  'auth.invalid_credentials',
  'auth.rate_limited',
  'auth.locked',
  'auth.required',
  'auth.password_change_required',
  'auth.wrong_password',
  'organisation.stale_version',
  'user.stale_version',
] as const;
