import { LabelTable } from '../labels';
import { countyPathOf, RegionKind } from '../regions';
import { Role } from '../roles';
import { checkFields, FieldInput, FieldRule, FieldProblem } from './fields';
import { CaseState, isOpenState } from './lifecycle';
import { chinaToday } from './settings';

/**
 * Transfer between regions is orthogonal to the lifecycle: an open case is offered to
 * the receiving region and keeps its state throughout. Accepted, the case (history
 * and pending dates included) belongs to the receiver; declined, it stays with the
 * sender. Scope (sender vs receiver) is the API's check, not these rules'.
 */
export const TRANSFER_STATUSES = ['offered', 'accepted', 'declined'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const TRANSFER_STATUS_LABELS: LabelTable<TransferStatus> = {
  offered: { zh: '待接收', en: 'Offered' },
  accepted: { zh: '已接收', en: 'Accepted' },
  declined: { zh: '已拒收', en: 'Declined' },
};

export const TRANSFER_ACTION_NAMES = ['offer_transfer', 'accept_transfer', 'decline_transfer'] as const;
export type TransferActionName = (typeof TRANSFER_ACTION_NAMES)[number];

export interface TransferAction {
  name: TransferActionName;
  /** Whether a transfer must be pending (offered) for this action. */
  needsPending: boolean;
  result: TransferStatus;
  roles: readonly Role[];
  fields: readonly FieldRule[];
}

export const TRANSFER_ACTIONS: Readonly<Record<TransferActionName, TransferAction>> = {
  offer_transfer: {
    name: 'offer_transfer',
    needsPending: false,
    result: 'offered',
    roles: ['bureau_officer'],
    fields: [
      { field: 'toRegionId', kind: 'text' },
      { field: 'reason', kind: 'text' },
    ],
  },
  accept_transfer: {
    name: 'accept_transfer',
    needsPending: true,
    result: 'accepted',
    roles: ['bureau_officer'],
    fields: [],
  },
  decline_transfer: {
    name: 'decline_transfer',
    needsPending: true,
    result: 'declined',
    roles: ['bureau_officer'],
    fields: [{ field: 'reason', kind: 'text' }],
  },
};

export const TRANSFER_ACTION_LABELS: LabelTable<TransferActionName> = {
  offer_transfer: { zh: '转出', en: 'Offer transfer' },
  accept_transfer: { zh: '接收', en: 'Accept transfer' },
  decline_transfer: { zh: '拒收', en: 'Decline transfer' },
};

export type TransferCheck =
  { ok: true } | { ok: false; kind: 'illegal' | 'forbidden' | 'invalid'; problems: FieldProblem[] };

/** Transfers apply to open cases only; one pending offer at a time. */
export function checkTransferAction(
  name: TransferActionName,
  caseState: CaseState,
  transferPending: boolean,
  role: Role,
  input: FieldInput,
  now: Date,
): TransferCheck {
  const action = TRANSFER_ACTIONS[name];
  if (!isOpenState(caseState) || action.needsPending !== transferPending) {
    const message = transferPending ? 'a transfer is pending' : 'no transfer is pending';
    return {
      ok: false,
      kind: 'illegal',
      problems: [
        {
          field: 'transfer',
          rule: 'illegal',
          message: isOpenState(caseState) ? message : 'the case is not open',
        },
      ],
    };
  }
  if (!action.roles.includes(role)) {
    return {
      ok: false,
      kind: 'forbidden',
      problems: [{ field: 'role', rule: 'forbidden', message: `${role} may not ${name}` }],
    };
  }
  const problems = checkFields(action.fields, input, chinaToday(now));
  return problems.length > 0 ? { ok: false, kind: 'invalid', problems } : { ok: true };
}

/** A transfer goes to a county-level region: a county or a management zone (功能区). */
export const TRANSFER_TARGET_KINDS: readonly RegionKind[] = ['county', 'zone'];

/**
 * Whether the case located at `casePath` (its child's 户籍 path) may be offered to `target`:
 * a county-level region other than the case's own county. Null when it may.
 */
export function checkTransferTarget(
  casePath: string,
  target: { kind: RegionKind; path: string },
): FieldProblem | null {
  if (!TRANSFER_TARGET_KINDS.includes(target.kind))
    return { field: 'toRegionId', rule: 'countyLevel', message: 'toRegionId must be a county or a zone' };
  if (countyPathOf(casePath) === target.path)
    return {
      field: 'toRegionId',
      rule: 'otherCounty',
      message: "toRegionId must be another county than the case's",
    };
  return null;
}
