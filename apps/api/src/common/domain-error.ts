import { HttpStatus } from '@nestjs/common';
import { ApiErrorDetail } from '@baoxue/contracts';

/**
 * A rule of the domain was broken. Services throw these with a stable code; the
 * exception filter maps them to HTTP at the edge.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: ApiErrorDetail[],
    /** Ids and codes that help the caller act on the error (never personal data). */
    readonly context?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) =>
  new DomainError(HttpStatus.NOT_FOUND, `${what}.not_found`, `${what} not found`);

/** Outside the caller's scope: answered exactly like a missing row, so scope leaks nothing. */
export const outOfScope = notFound;

export const forbidden = (code: string, message: string) =>
  new DomainError(HttpStatus.FORBIDDEN, code, message);

export const invalid = (field: string, rule: string, message: string) =>
  new DomainError(HttpStatus.BAD_REQUEST, 'validation', message, [{ field, rule, message }]);

export const conflict = (code: string, message: string) =>
  new DomainError(HttpStatus.CONFLICT, code, message);

/** A stale `version`: someone else changed the row first. */
export const staleVersion = (what: string) =>
  conflict(`${what}.stale_version`, `${what} was changed by someone else; reload and try again`);
