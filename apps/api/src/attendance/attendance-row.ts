import { AttendanceImportProblem } from '@baoxue/contracts';
import {
  ATTENDANCE_MARK_LABELS,
  ATTENDANCE_MARKS,
  AttendanceMark,
  daysBetween,
  EXCUSE_REASON_LABELS,
  EXCUSE_REASONS,
  ExcuseReason,
  idNumberProblem,
  isIsoDate,
  normaliseIdNumber,
} from '@baoxue/domain';
import { SheetRow } from './attendance-sheet';

/** A row that reads well, before its child is looked up. */
export interface ParsedRow {
  row: number;
  date: string;
  grade: number;
  className: string;
  name: string;
  studentNumber: string | null;
  idNumber: string | null;
  mark: AttendanceMark;
  excuseReason: ExcuseReason | null;
  note: string | null;
}

/** A code, or its Chinese or English label (学校表格 write 出勤, 请假 …). */
function codeOf<T extends string>(
  text: string,
  codes: readonly T[],
  labels: Record<T, { zh: string; en: string }>,
): T | null {
  const lower = text.toLowerCase();
  return (
    codes.find((c) => c === lower || labels[c].zh === text || labels[c].en.toLowerCase() === lower) ?? null
  );
}

/** 2026-03-02, 2026/3/2 or 2026.3.2 → 2026-03-02; null when it is no real day. */
export function sheetDate(text: string): string | null {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!match) return null;
  const date = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}

/** Checks one row's own cells (not yet who the child is); problems name the column heading. */
export function parseRow(
  sheetRow: SheetRow,
  today: string,
): { parsed: ParsedRow | null; problems: AttendanceImportProblem[] } {
  const { row, cells } = sheetRow;
  const problems: AttendanceImportProblem[] = [];
  const problem = (field: string, rule: string, message: string) =>
    problems.push({ row, field, rule, message });

  const dateText = cells.date ?? '';
  const date = sheetDate(dateText);
  if (!dateText) problem('日期', 'required', '日期不能为空');
  else if (!date) problem('日期', 'isDate', `日期「${dateText}」不是有效日期（应为 YYYY-MM-DD）`);
  else if (daysBetween(date, today) < 0) problem('日期', 'notFuture', `日期 ${date} 晚于今天`);

  const gradeText = (cells.grade ?? '').replace(/年级$/, '');
  const grade = /^\d$/.test(gradeText) ? Number(gradeText) : NaN;
  if (!(grade >= 1 && grade <= 9)) problem('年级', 'grade', `年级「${cells.grade ?? ''}」应为 1–9`);

  const className = cells.className ?? '';
  if (!className) problem('班级', 'required', '班级不能为空');
  const name = cells.name ?? '';
  if (!name) problem('姓名', 'required', '姓名不能为空');

  const studentNumber = cells.studentNumber || null;
  let idNumber: string | null = null;
  if (cells.idNumber) {
    idNumber = normaliseIdNumber(cells.idNumber);
    if (idNumberProblem(idNumber)) problem('身份证号', 'idNumber', '身份证号无效');
  }
  if (!studentNumber && !cells.idNumber) problem('学籍号', 'required', '学籍号和身份证号至少填写一项');

  const markText = cells.mark ?? '';
  const mark = codeOf(markText, ATTENDANCE_MARKS, ATTENDANCE_MARK_LABELS);
  if (!markText) problem('考勤', 'required', '考勤不能为空');
  else if (!mark) problem('考勤', 'isIn', `考勤「${markText}」应为 出勤、迟到、请假 或 无故缺勤`);

  const reasonText = cells.excuseReason ?? '';
  const excuseReason = reasonText ? codeOf(reasonText, EXCUSE_REASONS, EXCUSE_REASON_LABELS) : null;
  if (reasonText && !excuseReason)
    problem('请假原因', 'isIn', `请假原因「${reasonText}」应为 病假、事假、家庭原因、天气或交通 或 其他`);
  if (mark === 'excused' && !reasonText) problem('请假原因', 'requiredWhenExcused', '请假须填写请假原因');
  if (mark && mark !== 'excused' && reasonText)
    problem('请假原因', 'onlyWhenExcused', '只有请假才填写请假原因');

  const note = cells.note ? cells.note.slice(0, 500) : null;
  if (problems.length > 0 || !date || !mark) return { parsed: null, problems };
  return {
    parsed: { row, date, grade, className, name, studentNumber, idNumber, mark, excuseReason, note },
    problems,
  };
}
