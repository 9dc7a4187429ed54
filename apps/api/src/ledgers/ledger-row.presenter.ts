import { LedgerRow, SchoolingStatus } from '@baoxue/contracts';
import {
  EXCLUSION_REASON_LABELS,
  GuardianRelation,
  maskPhone,
  PLACEMENT_TYPE_LABELS,
  RETURN_MODE_LABELS,
} from '@baoxue/domain';
import { maskAddress, maskStudentNumber } from '../students/student-masking';
import { LedgerRecord } from './ledger.query';

/** A child's schooling status on the day: a case open on the day wins over the 学籍 record. */
export function schoolingStatus(record: LedgerRecord): SchoolingStatus {
  switch (record.day_state) {
    case 'suspected':
    case 'verifying':
      return 'suspected';
    case 'persuading':
      return 'persuading';
    case 'monitoring':
      return 'monitoring';
    default:
      return record.enrolment_status;
  }
}

/** 处置结果 as of the day: the return or placement once monitoring began, or the exclusion. */
export function resolutionOf(record: LedgerRecord, day: string): string | null {
  const state = record.day_state;
  if ((state === 'excluded' || state === 'closed') && record.exclusion_reason)
    return `核查排除：${EXCLUSION_REASON_LABELS[record.exclusion_reason].zh}`;
  if (state !== 'monitoring' && state !== 'closed') return null;
  if (record.return_date && record.return_date <= day) {
    const mode = record.return_mode ? `（${RETURN_MODE_LABELS[record.return_mode].zh}）` : '';
    return `复学${mode} ${record.return_date}`;
  }
  if (record.placement_type && (!record.placement_date || record.placement_date <= day))
    return `安置：${PLACEMENT_TYPE_LABELS[record.placement_type].zh}${record.placement_date ? ` ${record.placement_date}` : ''}`;
  return null;
}

/** The day's closing date: only a case closed on or before the day shows one. */
function closedOn(record: LedgerRecord): string | null {
  return record.day_state === 'closed' ? record.closed_on : null;
}

/** The JSON row: masked (ID number, 学籍号, addresses, phones). */
export function toLedgerRow(record: LedgerRecord, day: string, schoolAge: boolean): LedgerRow {
  return {
    studentId: record.student_id,
    caseId: record.case_id,
    fullName: record.full_name,
    sex: record.sex,
    birthDate: record.birth_date,
    idNumberMasked: record.id_number_masked,
    studentNumberMasked: record.student_number ? maskStudentNumber(record.student_number) : null,
    schoolName: record.school_name,
    grade: record.grade,
    className: record.class_name,
    hukouAddressMasked: record.hukou_address ? maskAddress(record.hukou_address) : null,
    currentAddressMasked: record.current_address ? maskAddress(record.current_address) : null,
    guardians: (record.guardians ?? []).map((g) => ({
      fullName: g.name,
      relation: g.relation as GuardianRelation,
      phoneMasked: g.phone ? maskPhone(g.phone) : null,
    })),
    schoolingStatus: schoolAge ? schoolingStatus(record) : null,
    dropoutMonth: record.case_id ? record.dropout_month : null,
    reason: record.primary_reason,
    whereabouts: record.whereabouts,
    responsibles: (record.responsibles ?? []).map((r) => ({
      line: r.line,
      level: r.level,
      fullName: r.name,
    })),
    persuasionCount: record.persuasion_count,
    lastPersuasionDate: record.last_persuasion_on,
    lastPersuasionBy: record.last_persuasion_by,
    caseState: record.day_state,
    resolution: resolutionOf(record, day),
    closedOn: closedOn(record),
  };
}
