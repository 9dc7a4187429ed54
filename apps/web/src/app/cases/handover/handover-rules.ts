import { REFERRAL_ACTIONS, ReferralStatus, Role, TRANSFER_ACTIONS, TransferStatus } from '@baoxue/domain';
import { apiErrorCode, errorMessageKey } from '../../shared/api/api-error';

/** Who may refer a case to a department (the domain's rule; the API enforces it). */
export const REFERRAL_REFER_ROLES: readonly Role[] = REFERRAL_ACTIONS.refer.roles;
/** Who may offer a case to another region, and decide on offers to theirs. */
export const TRANSFER_ROLES: readonly Role[] = TRANSFER_ACTIONS.offer_transfer.roles;

export const REFERRAL_STATUS_COLORS: Readonly<Record<ReferralStatus, string>> = {
  offered: 'orange',
  accepted: 'blue',
  declined: 'default',
  completed: 'green',
};

export const TRANSFER_STATUS_COLORS: Readonly<Record<TransferStatus, string>> = {
  offered: 'orange',
  accepted: 'green',
  declined: 'default',
};

/** Error codes with their own wording, under `referrals.errors.*` and `transfers.errors.*`. */
const OWN_CODES: Readonly<Record<string, string>> = {
  'referral.stale_version': 'referrals.errors.stale',
  'referral.illegal': 'referrals.errors.illegal',
  'referral.already_active': 'referrals.errors.alreadyActive',
  'transfer.stale_version': 'transfers.errors.stale',
  'transfer.illegal': 'transfers.errors.illegal',
  'transfer.pending': 'transfers.errors.pending',
};

/** Translation key for a failed referral or transfer request. */
export function handoverErrorKey(error: unknown): string {
  const code = apiErrorCode(error);
  return (code && OWN_CODES[code]) || errorMessageKey(error);
}
