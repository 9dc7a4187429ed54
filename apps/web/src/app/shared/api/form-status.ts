import { signal, WritableSignal } from '@angular/core';
import { AbstractControl, FormGroup } from '@angular/forms';
import { errorMessageKey, FieldErrors, fieldErrorsOf, isStaleVersion } from './api-error';

/** How a failed save shows: a conflict to reload, errors at the fields, or one message. */
export type SubmissionFailure =
  { kind: 'conflict' } | { kind: 'fields'; fields: FieldErrors } | { kind: 'message'; key: string };

/**
 * Reads a failed save: a 409 or `*.stale_version` is a conflict (when the form has versions),
 * the API's `details` become field errors, anything else a translated message.
 */
export function submissionFailure(error: unknown, detectConflicts = true): SubmissionFailure {
  if (detectConflicts && isStaleVersion(error)) return { kind: 'conflict' };
  const fields = fieldErrorsOf(error);
  if (Object.keys(fields).length > 0) return { kind: 'fields', fields };
  return { kind: 'message', key: errorMessageKey(error) };
}

/** Shows the form's own validation errors on every field, as a submit of an invalid form does. */
export function revealErrors<T extends Record<string, AbstractControl>>(form: FormGroup<T>): void {
  form.markAllAsTouched();
  for (const control of Object.values(form.controls)) {
    control.markAsDirty();
    control.updateValueAndValidity({ onlySelf: true });
  }
}

/**
 * UI state of a form that loads a record and saves it to the API: loading, saving, the
 * conflict (someone else saved first), a general error and the server's field errors.
 */
export class FormStatus {
  readonly loading = signal(false);
  readonly saving = signal(false);
  readonly conflict = signal(false);
  readonly errorKey = signal<string | null>(null);
  readonly serverErrors = signal<FieldErrors>({});

  /** @param detectConflicts whether a 409 means "someone else saved first" for this form. */
  constructor(private readonly detectConflicts = true) {}

  /** Fetches the record and hands it to `apply`; a fresh record clears conflict and field errors. */
  async load<T>(fetch: () => Promise<T>, apply: (value: T) => void): Promise<void> {
    this.loading.set(true);
    this.errorKey.set(null);
    try {
      const value = await fetch();
      apply(value);
      this.conflict.set(false);
      this.serverErrors.set({});
    } catch (error) {
      this.errorKey.set(errorMessageKey(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Runs a save, clearing earlier errors first and showing the failure, if any. */
  async save(action: () => Promise<void>): Promise<void> {
    this.saving.set(true);
    this.errorKey.set(null);
    this.serverErrors.set({});
    try {
      await action();
    } catch (error) {
      this.fail(error);
    } finally {
      this.saving.set(false);
    }
  }

  /** Shows a failed request; field errors go to `fieldErrors` (this form's by default). */
  fail(error: unknown, fieldErrors: WritableSignal<FieldErrors> = this.serverErrors): void {
    const failure = submissionFailure(error, this.detectConflicts);
    if (failure.kind === 'conflict') this.conflict.set(true);
    else if (failure.kind === 'fields') fieldErrors.set(failure.fields);
    else {
      fieldErrors.set({});
      this.errorKey.set(failure.key);
    }
  }

  /** The user edits a field: its server error no longer applies. */
  clearServerError(field: string): void {
    const errors = this.serverErrors();
    if (!(field in errors)) return;
    const rest = { ...errors };
    delete rest[field];
    this.serverErrors.set(rest);
  }
}
