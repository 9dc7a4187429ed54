import {
  CaseEditConflict,
  EDITABLE_CASE_FIELDS,
  EditableCaseField,
  UpdateCaseFieldsRequest,
} from '@baoxue/contracts';

type Current = CaseEditConflict['current'];
type BaseFields = Partial<Record<EditableCaseField, string | null>>;

/** The fields an edit sets (present in the request, null included). */
export function editedFields(edit: UpdateCaseFieldsRequest): EditableCaseField[] {
  return EDITABLE_CASE_FIELDS.filter((field) => edit[field] !== undefined);
}

const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  (a ?? null) === (b ?? null) || (a ?? '').trim() === (b ?? '').trim();

/** One field the user must decide: their value against the server's newer one. */
export interface FieldConflict {
  field: EditableCaseField;
  mine: string | null;
  theirs: string | null;
}

/**
 * How an edit based on an old version meets the server's newer values. A field the server did
 * not touch since the user read it keeps the user's value; a field already holding the user's
 * value needs nothing; a field both changed differently is the user's to decide. `resend`
 * holds the fields to send at the new version without asking (null: none); it goes out as it
 * is only when `conflicts` is empty, else together with the user's choices (resolveEdit).
 */
export function reconcileEdit(
  edit: UpdateCaseFieldsRequest,
  base: BaseFields | undefined,
  current: Current,
): { conflicts: FieldConflict[]; resend: UpdateCaseFieldsRequest | null } {
  const conflicts: FieldConflict[] = [];
  const resend: UpdateCaseFieldsRequest = { version: current.version };
  for (const field of editedFields(edit)) {
    const mine = edit[field] ?? null;
    const theirs = current[field] ?? null;
    if (same(mine, theirs)) continue;
    const untouched = base !== undefined && field in base && same(base[field], theirs);
    if (untouched) resend[field] = mine;
    else conflicts.push({ field, mine, theirs });
  }
  return { conflicts, resend: editedFields(resend).length > 0 ? resend : null };
}

export type FieldChoice = 'mine' | 'theirs';

/**
 * The edit after the user chose per field: "mine" sends the user's value at the server's
 * version, "theirs" keeps the server's (nothing sent for it). Null when nothing is left to send.
 */
export function resolveEdit(
  edit: UpdateCaseFieldsRequest,
  current: Current,
  choices: Partial<Record<EditableCaseField, FieldChoice>>,
): UpdateCaseFieldsRequest | null {
  const resolved: UpdateCaseFieldsRequest = { version: current.version };
  for (const field of editedFields(edit)) {
    const mine = edit[field] ?? null;
    if (same(mine, current[field])) continue;
    if ((choices[field] ?? 'mine') === 'mine') resolved[field] = mine;
  }
  return editedFields(resolved).length > 0 ? resolved : null;
}
