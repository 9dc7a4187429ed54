import { AbstractControl, FormControl, FormGroup, ValidationErrors, Validators } from '@angular/forms';
import type { RecordInterventionRequest } from '@baoxue/contracts';
import { CaseState, chinaToday, InterventionKind, InterventionOutcome, Party, Role } from '@baoxue/domain';
import { CASE_ASSIGN_ROLES } from './case-rules';

/** Who may record an intervention (the API's CASE_INTERVENTION_ROLES: those who act on cases). */
export const CASE_INTERVENTION_ROLES: readonly Role[] = CASE_ASSIGN_ROLES;

/** States in which no intervention can be recorded (the API answers `case.not_open`). */
export const CASE_NOT_OPEN_STATES: readonly CaseState[] = ['excluded', 'closed'];

export const WRITTEN_ORDER_FIELDS = ['orderNumber', 'servedOn', 'deadlineOn'] as const;

export type InterventionFormControls = {
  kind: FormControl<InterventionKind>;
  occurredOn: FormControl<string>;
  /** Null: the party the recorder's role acts for (the API's default). */
  party: FormControl<Party | null>;
  peoplePresent: FormControl<string>;
  outcome: FormControl<InterventionOutcome | null>;
  notes: FormControl<string>;
  nextFollowUpOn: FormControl<string>;
  orderNumber: FormControl<string>;
  servedOn: FormControl<string>;
  deadlineOn: FormControl<string>;
};

export type InterventionForm = FormGroup<InterventionFormControls>;

/** A date field holding a YYYY-MM-DD value later than `max`. */
function notAfter(max: string) {
  return (control: AbstractControl<string>): ValidationErrors | null =>
    control.value && control.value > max ? { notFuture: true } : null;
}

/** A date not before the sibling date `after` (or its fallback `orElse`), when both are given. */
function notBefore(
  after: keyof InterventionFormControls,
  errorKey: string,
  orElse?: keyof InterventionFormControls,
) {
  return (control: AbstractControl<string>): ValidationErrors | null => {
    const siblings = control.parent?.controls as InterventionFormControls | undefined;
    if (!siblings || !control.value) return null;
    const from = (siblings[after].value as string) || (orElse ? (siblings[orElse].value as string) : '');
    return from && control.value < from ? { [errorKey]: true } : null;
  };
}

/**
 * The intervention form: a home visit today (China time) by default. The written order's
 * fields are enabled only while the kind is `written_order`, so they are neither shown nor sent
 * otherwise.
 */
export function interventionForm(now: Date = new Date()): InterventionForm {
  const today = chinaToday(now);
  const text = (max: number) =>
    new FormControl('', { nonNullable: true, validators: [Validators.maxLength(max)] });
  const date = (value = '', required = false) =>
    new FormControl(value, {
      nonNullable: true,
      validators: required ? [Validators.required, notAfter(today)] : [notAfter(today)],
    });
  const form: InterventionForm = new FormGroup<InterventionFormControls>({
    kind: new FormControl<InterventionKind>('home_visit', {
      nonNullable: true,
      validators: [Validators.required],
    }),
    occurredOn: date(today, true),
    party: new FormControl<Party | null>(null),
    peoplePresent: text(500),
    outcome: new FormControl<InterventionOutcome | null>(null),
    notes: text(4000),
    nextFollowUpOn: new FormControl('', {
      nonNullable: true,
      validators: [notBefore('occurredOn', 'beforeDate')],
    }),
    orderNumber: text(100),
    servedOn: date(),
    deadlineOn: new FormControl('', {
      nonNullable: true,
      validators: [notBefore('servedOn', 'beforeServed', 'occurredOn')],
    }),
  });
  const applyKind = (kind: InterventionKind): void => {
    for (const field of WRITTEN_ORDER_FIELDS) {
      const control = form.controls[field];
      if (kind === 'written_order') control.enable({ emitEvent: false });
      else control.disable({ emitEvent: false });
    }
    form.updateValueAndValidity({ emitEvent: false });
  };
  applyKind(form.controls.kind.value);
  form.controls.kind.valueChanges.subscribe(applyKind);
  // The later dates are checked against the earlier ones whenever those change.
  form.controls.occurredOn.valueChanges.subscribe(() => {
    form.controls.nextFollowUpOn.updateValueAndValidity({ emitEvent: false });
    form.controls.deadlineOn.updateValueAndValidity({ emitEvent: false });
  });
  form.controls.servedOn.valueChanges.subscribe(() =>
    form.controls.deadlineOn.updateValueAndValidity({ emitEvent: false }),
  );
  return form;
}

/** The request body: the shown fields, text trimmed, empty ones left out. */
export function interventionRequest(form: InterventionForm, clientId: string): RecordInterventionRequest {
  const value = form.value;
  const request: RecordInterventionRequest = {
    clientId,
    kind: form.controls.kind.value,
    occurredOn: form.controls.occurredOn.value,
  };
  const outcome = form.controls.outcome.value;
  if (outcome) request.outcome = outcome;
  const party = form.controls.party.value;
  if (party) request.party = party;
  const optional = [
    'peoplePresent',
    'notes',
    'nextFollowUpOn',
    'orderNumber',
    'servedOn',
    'deadlineOn',
  ] as const;
  for (const field of optional) {
    const v = value[field]?.trim();
    if (v) request[field] = v;
  }
  return request;
}

/** A v4 uuid; `crypto.randomUUID` needs a secure context, so fall back to random bytes. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
