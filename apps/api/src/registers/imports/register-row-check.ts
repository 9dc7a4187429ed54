import {
  CIVIL_AFFAIRS_CATEGORIES,
  maskIdNumber,
  normaliseIdNumber,
  REGISTER_ENROLMENT_STATUS_TEXTS,
  REGISTER_KIND_FIELDS,
  REGISTER_LIST_FLAGS,
  REGISTER_SEX_TEXTS,
  REGISTER_WARNING_RULES,
  RegisterEnrolmentStatus,
  RegisterField,
  RegisterKind,
  RegisterMapping,
  RegisterRowRule,
  SpecialStatusFlag,
} from '@baoxue/domain';

/**
 * The row rules of a register import: one staged row (its raw cells) checked and turned into the
 * values register_rows holds. They replace the set-based SQL row rules and the register_* SQL
 * functions of migration 1797110000000 (dropped by 1797130000000) with the same semantics.
 * Duplicated ID numbers are left to the caller (register-pending.ts finds them set-based).
 *
 * Built for 1M rows per import: every lookup table and column index is prepared once per pass, and
 * a clean row takes no regular expression and allocates only its result (and its masked ID).
 */

/** A region by its code (any region the pass knows; may be outside the scope). */
export interface RegisterRegionRef {
  id: string;
  path: string;
  /** 'village' | 'town' | … */
  kind: string;
}

/** A school of the scope by its 学校标识码 (schools outside the scope are simply absent). */
export interface RegisterSchoolRef {
  id: string;
  /** organisations.region_path */
  path: string;
}

export interface RegisterRowCheckContext {
  kind: RegisterKind;
  /** field → 0-based cell index (within columnCount, else the checker throws). */
  mapping: RegisterMapping;
  columnCount: number;
  /** The import's scope, e.g. '/37/3708/370829/'. */
  regionPath: string;
  /** YYYY-MM-DD (China): a later birth date is date_future. */
  today: string;
  region(code: string): RegisterRegionRef | undefined;
  school(code: string): RegisterSchoolRef | undefined;
}

export interface RegisterRowProblem {
  field: RegisterField;
  rule: RegisterRowRule;
  value: string | null;
}

/** One staged row checked and derived: what register_rows would hold. */
export interface RegisterCheckedRow {
  /** No error (warnings id_format/id_checksum allowed). Duplicates are NOT checked here (the caller does it set-based). */
  valid: boolean;
  /** Fields in REGISTER_KIND_FIELDS order; per field: required / too_long, then the field's own rule. */
  problems: RegisterRowProblem[];
  /** The normalised ID when the cell is non-empty and idNumberProblem is null; else null. */
  idNumber: string | null;
  /** maskIdNumber(idNumber) when idNumber, else null. */
  idMasked: string | null;
  /** Trimmed, null when ''. */
  studentNumber: string | null;
  /** Trimmed ('' possible only on an invalid row, or when the mapping has no name column). */
  fullName: string;
  sex: 'male' | 'female' | null;
  /** YYYY-MM-DD of a real day, else null. */
  birthDate: string | null;
  /** The region of the code cell whatever its kind (never for enrolment). */
  hukouRegionId: string | null;
  /** coalesce(enrolment ? school path : region path, ctx.regionPath). */
  regionPath: string;
  address: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
  className: string | null;
  schoolId: string | null;
  grade: number | null;
  enrolmentStatus: RegisterEnrolmentStatus | null;
  /** civil_affairs: from category; poverty_monitoring/disability: REGISTER_LIST_FLAGS; else null. */
  flag: SpecialStatusFlag | null;
}

export type RegisterRowCheck = (cells: readonly (string | null)[]) => RegisterCheckedRow;

/** Text limits: a longer value is `too_long` (student_number is varchar(32) in register_rows). */
export const REGISTER_TEXT_LIMITS: Partial<Record<RegisterField, number>> = {
  fullName: 50,
  hukouAddress: 200,
  guardianName: 100,
  guardianPhone: 100,
  className: 100,
  studentNumber: 32,
};

const CHINESE_DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Grade texts as registers write them → grade 1–9 (初一 … 初三 are grades 7–9). */
export const REGISTER_GRADE_TEXTS: Readonly<Record<string, number>> = Object.fromEntries(
  CHINESE_DIGITS.flatMap((zh, i) => {
    const grade = i + 1;
    const texts = [`${grade}`, `0${grade}`, `${grade}年级`, `${zh}年级`];
    if (grade >= 7) texts.push(`初${CHINESE_DIGITS[grade - 7]}`, `初中${CHINESE_DIGITS[grade - 7]}年级`);
    return texts.map((text) => [text, grade]);
  }),
);

// ---------------------------------------------------------------------------------------------
// Text primitives: JavaScript's trim and PostgreSQL's length in code points.

/** True for the white space of String.prototype.trim (WhiteSpace + LineTerminator). */
function isTrimSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** String.prototype.trim(), without a new string when neither end is white space (the usual cell). */
export function registerTrim(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  if (!isTrimSpace(s.charCodeAt(0)) && !isTrimSpace(s.charCodeAt(n - 1))) return s;
  return s.trim();
}

/** SQL length(): code points, an astral character (a surrogate pair) counting once. */
export function codePointLength(s: string): number {
  let length = s.length;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) length--;
    }
  }
  return length;
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// ID numbers: normalise, check and mask (domain id-number.ts, counted in code points).

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CODES = Array.from('10X98765432', (c) => c.charCodeAt(0));
const CODE_0 = 48;
const CODE_X = 88;

/** Problem codes of registerIdProblem: 0 = none. */
const ID_OK = 0;
const ID_FORMAT = 1;
const ID_BIRTH_DATE = 2;
const ID_CHECKSUM = 3;

function isDigitCode(c: number): boolean {
  return c >= CODE_0 && c <= CODE_0 + 9;
}

/** 17 ASCII digits and a digit or 'X': the cell is its own normal form. */
function isPlainId(s: string): boolean {
  if (s.length !== 18) return false;
  for (let i = 0; i < 17; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  const last = s.charCodeAt(17);
  return isDigitCode(last) || last === CODE_X;
}

/**
 * The normal form of a trimmed, non-empty ID cell: upper case when it is 18 characters (code
 * points), else white space removed and upper case (normaliseIdNumber). '' stays ''.
 */
export function registerIdNormalise(trimmed: string): string {
  if (trimmed === '' || isPlainId(trimmed)) return trimmed;
  return codePointLength(trimmed) === 18 ? trimmed.toUpperCase() : normaliseIdNumber(trimmed);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Digits i … i+count-1 of s as a number (the caller knows they are ASCII digits). */
function digitsAt(s: string, i: number, count: number): number {
  let v = 0;
  for (let k = i; k < i + count; k++) v = v * 10 + s.charCodeAt(k) - CODE_0;
  return v;
}

function idProblemCode(n: string): number {
  if (n.length !== 18) return ID_FORMAT;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = n.charCodeAt(i) - CODE_0;
    if (d < 0 || d > 9) return ID_FORMAT;
    sum += d * ID_WEIGHTS[i];
  }
  const last = n.charCodeAt(17);
  if (!isDigitCode(last) && last !== CODE_X) return ID_FORMAT;
  // A real day from 1900 on, without an upper bound (domain idNumberBirthDate).
  const y = digitsAt(n, 6, 4);
  const m = digitsAt(n, 10, 2);
  const d = digitsAt(n, 12, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return ID_BIRTH_DATE;
  if (ID_CHECK_CODES[sum % 11] !== last) return ID_CHECKSUM;
  return ID_OK;
}

const ID_PROBLEMS = [null, 'format', 'birth_date', 'checksum'] as const;

/** idNumberProblem of a normalised number, without a regular expression. */
export function registerIdProblem(n: string): 'format' | 'birth_date' | 'checksum' | null {
  return ID_PROBLEMS[idProblemCode(n)];
}

/** maskIdNumber counted in code points, as PostgreSQL counts (they differ only on astral characters). */
export function registerMaskId(v: string): string {
  if (!hasSurrogate(v)) return maskIdNumber(v);
  const points = Array.from(v);
  if (points.length <= 10) return '*'.repeat(points.length);
  return points.slice(0, 6).join('') + '*'.repeat(points.length - 10) + points.slice(-4).join('');
}

// ---------------------------------------------------------------------------------------------
// Dates: the forms registers write, of a real day in the calendar 1900-01-01 … 2199-12-31.

const CODE_DASH = 45;
const CODE_SLASH = 47;
const CODE_DOT = 46;

function calendarDay(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function isoDay(y: number, m: number, d: number): string {
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * A trimmed date cell as the real day it names (YYYY-MM-DD), or null: YYYY-MM-DD, YYYY/M/D,
 * YYYY.M.D (month and day of 1–2 digits, one separator twice) or YYYYMMDD, of a day in the calendar.
 */
export function registerDate(s: string): string | null {
  const n = s.length;
  if (n < 8 || n > 10) return null;
  for (let i = 0; i < 4; i++) if (!isDigitCode(s.charCodeAt(i))) return null;
  const y = digitsAt(s, 0, 4);
  const sep = s.charCodeAt(4);
  if (n === 10 && sep === CODE_DASH && s.charCodeAt(7) === CODE_DASH) {
    // The usual YYYY-MM-DD: the cell is the day's text already.
    const a = s.charCodeAt(5);
    const b = s.charCodeAt(6);
    const c = s.charCodeAt(8);
    const e = s.charCodeAt(9);
    if (!isDigitCode(a) || !isDigitCode(b) || !isDigitCode(c) || !isDigitCode(e)) return null;
    return calendarDay(y, (a - CODE_0) * 10 + b - CODE_0, (c - CODE_0) * 10 + e - CODE_0) ? s : null;
  }
  if (isDigitCode(sep)) {
    if (n !== 8) return null;
    for (let i = 5; i < 8; i++) if (!isDigitCode(s.charCodeAt(i))) return null;
    const m = digitsAt(s, 4, 2);
    const d = digitsAt(s, 6, 2);
    return calendarDay(y, m, d) ? isoDay(y, m, d) : null;
  }
  if (sep !== CODE_DASH && sep !== CODE_SLASH && sep !== CODE_DOT) return null;
  let i = 5;
  let m = 0;
  while (i < n && i < 7 && isDigitCode(s.charCodeAt(i))) m = m * 10 + s.charCodeAt(i++) - CODE_0;
  if (i === 5 || i >= n || s.charCodeAt(i) !== sep) return null;
  const start = ++i;
  let d = 0;
  while (i < n && isDigitCode(s.charCodeAt(i))) d = d * 10 + s.charCodeAt(i++) - CODE_0;
  if (i !== n || i === start || i - start > 2) return null;
  return calendarDay(y, m, d) ? isoDay(y, m, d) : null;
}

// ---------------------------------------------------------------------------------------------
// The checker.

/** Lookup tables as Maps: a cell '__proto__' or 'constructor' must find nothing. */
const SEX_TEXTS = new Map(Object.entries(REGISTER_SEX_TEXTS));
const GRADE_TEXTS = new Map(Object.entries(REGISTER_GRADE_TEXTS));
const STATUS_TEXTS = new Map(Object.entries(REGISTER_ENROLMENT_STATUS_TEXTS));
const CATEGORY_TEXTS = new Map(Object.entries(CIVIL_AFFAIRS_CATEGORIES));
const WARNINGS: ReadonlySet<RegisterRowRule> = new Set(REGISTER_WARNING_RULES);

/** What a field's step does beyond required / too_long. */
const STEP = {
  idNumber: 1,
  fullName: 2,
  sex: 3,
  birthDate: 4,
  hukouRegionCode: 5,
  hukouAddress: 6,
  guardianName: 7,
  guardianPhone: 8,
  studentNumber: 9,
  schoolCode: 10,
  grade: 11,
  className: 12,
  enrolmentStatus: 13,
  category: 14,
} as const satisfies Record<RegisterField, number>;

interface Step {
  field: RegisterField;
  code: number;
  column: number;
  required: boolean;
  /** REGISTER_TEXT_LIMITS, or -1. */
  limit: number;
}

/** Refuses a mapping outside the staging columns, a scope that is no region path, a malformed today. */
function steps(ctx: RegisterRowCheckContext): Step[] {
  if (!/^[/A-Za-z0-9]+$/.test(ctx.regionPath)) throw new Error('invalid region path');
  const result: Step[] = [];
  for (const spec of REGISTER_KIND_FIELDS[ctx.kind]) {
    const column = ctx.mapping[spec.field];
    if (column === undefined || column === null) continue;
    if (!Number.isInteger(column) || column < 0 || column >= ctx.columnCount) {
      throw new Error(`mapping of ${spec.field} is outside the staging columns`);
    }
    result.push({
      field: spec.field,
      code: STEP[spec.field],
      column,
      required: spec.required,
      limit: REGISTER_TEXT_LIMITS[spec.field] ?? -1,
    });
  }
  return result;
}

function problem(row: RegisterCheckedRow, step: Step, rule: RegisterRowRule, value: string | null): void {
  row.problems.push({ field: step.field, rule, value });
  if (!WARNINGS.has(rule)) row.valid = false;
}

/** Builds the checker once per pass (column indexes and lookup tables prepared here). */
export function registerRowChecker(ctx: RegisterRowCheckContext): RegisterRowCheck {
  const plan = steps(ctx);
  const today = ctx.today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || registerDate(today) === null) throw new Error('invalid today');
  const scope = ctx.regionPath;
  const household = ctx.kind === 'household';
  const enrolment = ctx.kind === 'enrolment';
  const civilAffairs = ctx.kind === 'civil_affairs';
  const listFlag: SpecialStatusFlag | null = REGISTER_LIST_FLAGS[ctx.kind] ?? null;
  const lookupRegion = ctx.region;
  const lookupSchool = ctx.school;
  const count = plan.length;

  return (cells) => {
    const row: RegisterCheckedRow = {
      valid: true,
      problems: [],
      idNumber: null,
      idMasked: null,
      studentNumber: null,
      fullName: '',
      sex: null,
      birthDate: null,
      hukouRegionId: null,
      regionPath: scope,
      address: null,
      guardianName: null,
      guardianPhone: null,
      className: null,
      schoolId: null,
      grade: null,
      enrolmentStatus: null,
      flag: listFlag,
    };
    for (let i = 0; i < count; i++) {
      const step = plan[i];
      const column = step.column;
      const raw = column < cells.length ? (cells[column] ?? null) : null;
      const text = raw === null ? '' : registerTrim(raw);
      const given = text !== '';
      if (!given) {
        if (step.required) problem(row, step, 'required', raw);
      } else if (step.limit >= 0 && text.length > step.limit && codePointLength(text) > step.limit) {
        problem(row, step, 'too_long', raw);
      }
      switch (step.code) {
        case STEP.idNumber: {
          if (!given) break;
          const n = registerIdNormalise(text);
          const code = idProblemCode(n);
          if (code === ID_OK) {
            row.idNumber = n;
            row.idMasked = maskIdNumber(n);
          } else {
            problem(row, step, code === ID_CHECKSUM ? 'id_checksum' : 'id_format', registerMaskId(n));
          }
          break;
        }
        case STEP.fullName:
          row.fullName = text;
          break;
        case STEP.sex: {
          const sex = given ? SEX_TEXTS.get(text) : undefined;
          if (sex !== undefined) row.sex = sex;
          else if (given) problem(row, step, 'sex', raw);
          break;
        }
        case STEP.birthDate: {
          if (!given) break;
          const day = registerDate(text);
          if (day === null) problem(row, step, 'date', raw);
          else {
            row.birthDate = day;
            if (day > today) problem(row, step, 'date_future', raw);
          }
          break;
        }
        case STEP.hukouRegionCode: {
          // The region of the code whatever its kind, also for an empty cell.
          const region = lookupRegion(text);
          if (region !== undefined && !enrolment) {
            row.hukouRegionId = region.id;
            row.regionPath = region.path;
          }
          if (!given) break;
          if (region === undefined || (household && region.kind !== 'village')) {
            problem(row, step, 'region_unknown', raw);
          } else if (!region.path.startsWith(scope)) {
            problem(row, step, 'region_out_of_scope', raw);
          }
          break;
        }
        case STEP.hukouAddress:
          if (given) row.address = text;
          break;
        case STEP.guardianName:
          if (given) row.guardianName = text;
          break;
        case STEP.guardianPhone:
          if (given) row.guardianPhone = text;
          break;
        case STEP.studentNumber:
          if (given) row.studentNumber = text;
          break;
        case STEP.schoolCode: {
          const school = lookupSchool(text);
          if (school !== undefined) {
            row.schoolId = school.id;
            if (enrolment) row.regionPath = school.path;
          } else if (given) {
            problem(row, step, 'school_unknown', raw);
          }
          break;
        }
        case STEP.grade: {
          const grade = given ? GRADE_TEXTS.get(text) : undefined;
          if (grade !== undefined) row.grade = grade;
          else if (given) problem(row, step, 'grade', raw);
          break;
        }
        case STEP.className:
          if (given) row.className = text;
          break;
        case STEP.enrolmentStatus: {
          const status = given ? STATUS_TEXTS.get(text) : undefined;
          if (status !== undefined) row.enrolmentStatus = status;
          else if (given) problem(row, step, 'status', raw);
          break;
        }
        case STEP.category: {
          const flag = given ? CATEGORY_TEXTS.get(text) : undefined;
          if (civilAffairs) row.flag = flag ?? null;
          if (flag === undefined && given) problem(row, step, 'category', raw);
          break;
        }
      }
    }
    return row;
  };
}
