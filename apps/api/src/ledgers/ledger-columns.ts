import { LEDGER_TITLES, LedgerKind, SCHOOLING_STATUS_LABELS } from '@baoxue/contracts';
import {
  CASE_REASON_LABELS,
  CASE_STATE_LABELS,
  GUARDIAN_RELATION_LABELS,
  GuardianRelation,
  LEVEL_LABELS,
  Line,
  maskPhone,
  SEX_LABELS,
} from '@baoxue/domain';
import { maskAddress, maskStudentNumber } from '../students/student-masking';
import { LedgerRecord } from './ledger.query';
import { resolutionOf, schoolingStatus } from './ledger-row.presenter';

/** What a cell needs besides the row: the day, and the unmasked values when revealing. */
export interface CellContext {
  day: string;
  reveal: boolean;
  /** The decrypted ID number (revealing only). */
  idNumber: string | null;
}

export interface LedgerColumn {
  header: string;
  width: number;
  value(record: LedgerRecord, context: CellContext): string | number | null;
}

function responsiblesOn(record: LedgerRecord, line: Line): string | null {
  const people = (record.responsibles ?? []).filter((r) => r.line === line);
  return people.length ? people.map((r) => `${r.name}（${LEVEL_LABELS[r.level].zh}）`).join('；') : null;
}

function guardians(record: LedgerRecord, reveal: boolean): string | null {
  const list = record.guardians ?? [];
  if (!list.length) return null;
  return list
    .map((g) => {
      const relation = GUARDIAN_RELATION_LABELS[g.relation as GuardianRelation]?.zh ?? g.relation;
      const phone = g.phone ? ` ${reveal ? g.phone : maskPhone(g.phone)}` : '';
      return `${g.name}（${relation}）${phone}`;
    })
    .join('；');
}

const address = (value: string | null, reveal: boolean): string | null =>
  value ? (reveal ? value : maskAddress(value)) : null;

/** The columns of DOMAIN.md §6, in ledger order; the school-age ledger adds the schooling status. */
export function ledgerColumns(kind: LedgerKind): LedgerColumn[] {
  const status: LedgerColumn =
    kind === 'school_age'
      ? {
          header: '就学状态',
          width: 12,
          value: (r) => SCHOOLING_STATUS_LABELS[schoolingStatus(r)].zh,
        }
      : {
          header: '当前状态',
          width: 10,
          value: (r) => (r.day_state ? CASE_STATE_LABELS[r.day_state].zh : null),
        };
  return [
    { header: '姓名', width: 10, value: (r) => r.full_name },
    { header: '性别', width: 6, value: (r) => SEX_LABELS[r.sex].zh },
    { header: '出生日期', width: 12, value: (r) => r.birth_date },
    {
      header: '身份证号',
      width: 21,
      value: (r, c) => (c.reveal && c.idNumber ? c.idNumber : r.id_number_masked),
    },
    {
      header: '学籍号',
      width: 22,
      value: (r, c) =>
        r.student_number ? (c.reveal ? r.student_number : maskStudentNumber(r.student_number)) : null,
    },
    { header: '学校', width: 24, value: (r) => r.school_name },
    { header: '年级', width: 6, value: (r) => r.grade },
    { header: '班级', width: 8, value: (r) => r.class_name },
    { header: '户籍地址', width: 32, value: (r, c) => address(r.hukou_address, c.reveal) },
    { header: '现住址', width: 32, value: (r, c) => address(r.current_address, c.reveal) },
    { header: '监护人及联系电话', width: 30, value: (r, c) => guardians(r, c.reveal) },
    status,
    { header: '辍学月份', width: 10, value: (r) => (r.case_id ? r.dropout_month : null) },
    {
      header: '辍学原因',
      width: 16,
      value: (r) => (r.primary_reason ? CASE_REASON_LABELS[r.primary_reason].zh : null),
    },
    { header: '去向', width: 20, value: (r) => r.whereabouts },
    { header: '行政线包保责任人', width: 22, value: (r) => responsiblesOn(r, 'government') },
    { header: '教育线包保责任人', width: 22, value: (r) => responsiblesOn(r, 'education') },
    { header: '劝返次数', width: 9, value: (r) => (r.case_id ? r.persuasion_count : null) },
    { header: '最近劝返日期', width: 12, value: (r) => r.last_persuasion_on },
    { header: '劝返人', width: 12, value: (r) => r.last_persuasion_by },
    { header: '处置结果', width: 24, value: (r, c) => resolutionOf(r, c.day) },
    { header: '销号日期', width: 12, value: (r) => (r.day_state === 'closed' ? r.closed_on : null) },
  ];
}

export function ledgerTitle(kind: LedgerKind): string {
  return LEDGER_TITLES[kind].zh;
}
