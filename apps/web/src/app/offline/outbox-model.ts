import type {
  CaseEditConflict,
  EditableCaseField,
  RecordInterventionRequest,
  UpdateCaseFieldsRequest,
} from '@baoxue/contracts';
import type { CaseState, Label } from '@baoxue/domain';

/** What the user saw of the case when recording: the basis for "what changed since". */
export interface CaseBase {
  /** The case's version then; null when the case was not known on the device. */
  version: number | null;
  state: CaseState | null;
  /** When that view of the case was read (ISO instant); the recording time when unknown. */
  readAt: string;
  /** The plan fields as read, for telling a real conflict from a version bump elsewhere. */
  fields?: Partial<Record<EditableCaseField, string | null>>;
}

/** A photo waiting on the device, uploaded after its visit with its own client id. */
export interface OutboxPhoto {
  clientId: string;
  blob: Blob;
  size: number;
  sent: boolean;
}

/**
 * pending: will be sent (or is being sent); failed: the server refused it (4xx), shown with
 * its message until the user discards it; conflict: a plan edit met a newer version and waits
 * for the user's choice per field.
 */
export type OutboxStatus = 'pending' | 'failed' | 'conflict';

/** One write as kept in IndexedDB. */
export interface OutboxRecord {
  clientId: string;
  kind: 'visit' | 'case_edit';
  caseId: string;
  /** Whose write this is: only that user's session sends it. */
  userId: string;
  /** Order of recording: sent oldest first. */
  seq: number;
  queuedAt: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  /** The child's name, to list the entry without the case at hand. */
  childName: string | null;
  base: CaseBase;
  visit?: RecordInterventionRequest;
  photos?: OutboxPhoto[];
  /** Set once the server has the visit: later attempts only upload what is left. */
  interventionId?: string;
  edit?: UpdateCaseFieldsRequest;
  /** The server's values when the edit met a newer version. */
  conflict?: CaseEditConflict['current'];
}

/** "发送时个案已有变化": shown on the field pages until dismissed. */
export interface CaseChangeNotice {
  id: string;
  caseId: string;
  childName: string | null;
  at: string;
  changes: Label[];
}
