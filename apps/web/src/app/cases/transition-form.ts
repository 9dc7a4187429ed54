import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { CaseTransitionRequest } from '@baoxue/contracts';
import { chinaToday, FieldRule, TRANSITIONS, TransitionName } from '@baoxue/domain';

/** The return school is a text id in the domain's rules; the web offers the schools in scope. */
export const SCHOOL_FIELDS: readonly string[] = ['returnSchoolId'];

/** How one input of a transition is rendered, read from the domain's field rules. */
export interface TransitionFieldView {
  field: string;
  kind: 'text' | 'code' | 'date' | 'school';
  codes: readonly string[];
  /** Latest date allowed (YYYY-MM-DD), for dates that cannot be in the future. */
  max: string | null;
  /** Required only when another field holds one of these values. */
  when: FieldRule['when'] | null;
}

export type TransitionForm = FormGroup<Record<string, FormControl<string>>>;

export function transitionFieldViews(name: TransitionName, now: Date = new Date()): TransitionFieldView[] {
  return TRANSITIONS[name].fields.map((rule) => ({
    field: rule.field,
    kind: SCHOOL_FIELDS.includes(rule.field) ? 'school' : rule.kind,
    codes: rule.kind === 'code' ? rule.codes : [],
    max: rule.kind === 'date' && rule.notFuture ? chinaToday(now) : null,
    when: rule.when ?? null,
  }));
}

/**
 * One required control per field of the transition. A conditional field's control is
 * enabled only while its condition holds, so hidden fields are neither validated nor sent.
 */
export function transitionForm(fields: readonly TransitionFieldView[]): TransitionForm {
  const form: TransitionForm = new FormGroup<Record<string, FormControl<string>>>({});
  for (const f of fields) {
    form.addControl(f.field, new FormControl('', { nonNullable: true, validators: [Validators.required] }));
  }
  const applyConditions = (): void => {
    for (const f of fields) {
      if (!f.when) continue;
      const control = form.controls[f.field];
      const holds = f.when.in.includes(form.controls[f.when.field]?.value ?? '');
      if (holds && control.disabled) control.enable({ emitEvent: false });
      if (!holds && control.enabled) control.disable({ emitEvent: false });
    }
  };
  applyConditions();
  form.valueChanges.subscribe(() => applyConditions());
  return form;
}

/** The request body: the version read and the shown fields, text trimmed. */
export function transitionRequest(form: TransitionForm, version: number): CaseTransitionRequest {
  const body: Record<string, unknown> = { version };
  for (const [field, control] of Object.entries(form.controls)) {
    if (control.enabled) body[field] = control.value.trim();
  }
  return body as unknown as CaseTransitionRequest;
}
