import { HttpErrorResponse } from '@angular/common/http';

/** The HTTP status of a failed request (a resource wraps the response as its cause). */
export function httpStatusOf(error: unknown): number | null {
  if (error instanceof HttpErrorResponse) return error.status;
  const cause = (error as { cause?: unknown } | null | undefined)?.cause;
  return cause instanceof HttpErrorResponse ? cause.status : null;
}
