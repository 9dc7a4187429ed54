import { EDITABLE_CASE_FIELDS, EditableCaseField, UpdateCaseFieldsRequest } from '@baoxue/contracts';
import type { Label } from '@baoxue/domain';

export type CaseFieldValues = Record<EditableCaseField, string | null>;

/** The API's limits (UpdateCaseFieldsDto). */
export const CASE_FIELD_MAX_LENGTHS: Readonly<Record<EditableCaseField, number>> = {
  whereabouts: 500,
  plan: 4000,
  reasonNote: 1000,
};

export const CASE_FIELD_LABELS: Readonly<Record<EditableCaseField, Label>> = {
  whereabouts: { zh: '去向', en: 'Whereabouts' },
  plan: { zh: '帮扶计划', en: 'Support plan' },
  reasonNote: { zh: '原因说明', en: 'Reason' },
};

/**
 * What the user sees as the case's fields: the card's values with the edits still waiting on
 * the phone laid over them, oldest first (the user's own latest word).
 */
export function shownValues(
  card: CaseFieldValues,
  waitingEdits: readonly UpdateCaseFieldsRequest[],
): CaseFieldValues {
  const values = { ...card };
  for (const edit of waitingEdits)
    for (const field of EDITABLE_CASE_FIELDS)
      if (edit[field] !== undefined) values[field] = edit[field] ?? null;
  return values;
}

const normalised = (value: string | null): string | null => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

/** The fields the user changed (trimmed; emptied means cleared: null). */
export function changedFields(
  before: CaseFieldValues,
  after: Record<EditableCaseField, string>,
): Partial<CaseFieldValues> {
  const changed: Partial<CaseFieldValues> = {};
  for (const field of EDITABLE_CASE_FIELDS) {
    const value = normalised(after[field]);
    if (value !== normalised(before[field])) changed[field] = value;
  }
  return changed;
}

/** Fields over the API's length limit. */
export function tooLong(values: Record<EditableCaseField, string>): EditableCaseField[] {
  return EDITABLE_CASE_FIELDS.filter((f) => values[f].trim().length > CASE_FIELD_MAX_LENGTHS[f]);
}

export function editRequest(version: number, changed: Partial<CaseFieldValues>): UpdateCaseFieldsRequest {
  return { version, ...changed };
}
