import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { ApiError } from '@baoxue/contracts';
import { FieldErrors } from './api-error';
import { FormStatus, revealErrors, submissionFailure } from './form-status';

function apiFailure(status: number, body: Partial<ApiError>): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: { statusCode: status, message: 'failed', ...body } });
}

const tooShort = apiFailure(400, {
  code: 'validation.failed',
  details: [{ field: 'password', rule: 'too_short', message: 'Password is too short' }],
});
const stale = apiFailure(409, { code: 'user.stale_version' });

describe('submissionFailure', () => {
  it('reads a 409 or a stale version as a conflict', () => {
    expect(submissionFailure(stale)).toEqual({ kind: 'conflict' });
    expect(submissionFailure(apiFailure(400, { code: 'organisation.stale_version' }))).toEqual({
      kind: 'conflict',
    });
  });

  it('puts the API details at their fields', () => {
    const failure = submissionFailure(tooShort);
    expect(failure.kind).toBe('fields');
    expect(failure.kind === 'fields' && failure.fields['password'].rule).toBe('too_short');
  });

  it('falls back to a translated message, and a 409 is one when conflicts are not detected', () => {
    expect(submissionFailure(new HttpErrorResponse({ status: 0 }))).toEqual({
      kind: 'message',
      key: 'errors.network',
    });
    expect(submissionFailure(stale, false)).toEqual({ kind: 'message', key: 'errors.user.stale_version' });
  });
});

describe(FormStatus.name, () => {
  it('loads a record, clearing an earlier conflict and field errors', async () => {
    const status = new FormStatus();
    status.conflict.set(true);
    status.serverErrors.set({ name: { field: 'name', rule: 'unique', message: 'taken' } });
    let applied: string | null = null;
    await status.load(
      async () => 'record',
      (value) => (applied = value),
    );
    expect(applied).toBe('record');
    expect(status.conflict()).toBe(false);
    expect(status.serverErrors()).toEqual({});
    expect(status.loading()).toBe(false);
  });

  it('shows why a load failed', async () => {
    const status = new FormStatus();
    await status.load(
      () => Promise.reject(new HttpErrorResponse({ status: 404 })),
      () => undefined,
    );
    expect(status.errorKey()).toBe('errors.not_found');
    expect(status.loading()).toBe(false);
  });

  it('saves, showing field errors and clearing one when its field is edited', async () => {
    const status = new FormStatus();
    let savingDuringAction = false;
    await status.save(async () => {
      savingDuringAction = status.saving();
      throw tooShort;
    });
    expect(savingDuringAction).toBe(true);
    expect(status.saving()).toBe(false);
    expect(Object.keys(status.serverErrors())).toEqual(['password']);
    expect(status.errorKey()).toBeNull();

    status.clearServerError('name');
    expect(Object.keys(status.serverErrors())).toEqual(['password']);
    status.clearServerError('password');
    expect(status.serverErrors()).toEqual({});
  });

  it('marks a conflict on a stale save and clears old errors on the next save', async () => {
    const status = new FormStatus();
    await status.save(() => Promise.reject(new HttpErrorResponse({ status: 500 })));
    expect(status.errorKey()).toBe('errors.unexpected');

    await status.save(() => Promise.reject(stale));
    expect(status.conflict()).toBe(true);
    expect(status.errorKey()).toBeNull();
  });

  it('without conflict detection shows a 409 as a message', async () => {
    const status = new FormStatus(false);
    await status.save(() => Promise.reject(apiFailure(409, {})));
    expect(status.conflict()).toBe(false);
    expect(status.errorKey()).toBe('errors.conflict');
  });

  it('sends field errors of another form where it is told', () => {
    const status = new FormStatus();
    const other = signal<FieldErrors>({});
    status.fail(tooShort, other);
    expect(Object.keys(other())).toEqual(['password']);
    expect(status.serverErrors()).toEqual({});
  });
});

describe('revealErrors', () => {
  it('marks every control touched and dirty', () => {
    const form = new FormGroup({
      name: new FormControl('', Validators.required),
      phone: new FormControl(''),
    });
    revealErrors(form);
    expect(form.controls.name.touched && form.controls.name.dirty).toBe(true);
    expect(form.controls.phone.touched && form.controls.phone.dirty).toBe(true);
    expect(form.controls.name.invalid).toBe(true);
  });
});
