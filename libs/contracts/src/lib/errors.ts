/** One error shape for every 4xx/5xx the API returns. */
export interface ApiErrorDetail {
  /** Dotted path of the offending input field, e.g. `password` or `guardians.0.phone`. */
  field: string;
  /** The rule it broke, e.g. `isNotEmpty`, `maxLength`, `isString`, `whitelist`. */
  rule: string;
  message: string;
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  /** A stable machine code for domain errors, e.g. `auth.locked`. */
  code?: string;
  details?: ApiErrorDetail[];
  /** Codes and ids that help the caller act on the error, e.g. `openCaseId` for `case.already_open`. */
  context?: Record<string, string>;
}
