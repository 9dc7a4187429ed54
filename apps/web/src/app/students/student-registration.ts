import type {
  ApiErrorDetail,
  CreateStudentRequest,
  GuardianInput,
  StudentFlagInput,
} from '@baoxue/contracts';
import {
  GuardianRelation,
  idNumberBirthDate,
  idNumberProblem,
  IdNumberProblem,
  idNumberSex,
  normaliseIdNumber,
  Permission,
  Sex,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { AbstractControl, ValidationErrors } from '@angular/forms';
import { apiErrorOf } from '../shared/api/api-error';

/** `POST /api/students` asks for the same permission as reading children: every role that reads them registers them. */
export const REGISTER_STUDENT_PERMISSION: Permission = 'children.read';

/** The register form's raw value. */
export interface StudentRegistrationValue {
  fullName: string;
  sex: Sex | null;
  birthDate: string;
  idNumber: string;
  studentNumber: string;
  ethnicity: string;
  hukouRegionId: string | null;
  hukouAddress: string;
  currentAddress: string;
  outOfSchool: boolean;
  schoolId: string | null;
  grade: number | null;
  className: string;
  guardians: {
    fullName: string;
    relation: GuardianRelation | null;
    phone: string;
    worksAway: boolean;
    worksAwayPlace: string;
  }[];
  flags: { flag: SpecialStatusFlag | null; fromDate: string; toDate: string }[];
}

/** Client-side GB 11643 check of an optional ID number: `{ idNumber: 'format' | 'birth_date' | 'checksum' }`. */
export function idNumberValidator(control: AbstractControl<string>): ValidationErrors | null {
  const value = normaliseIdNumber(control.value ?? '');
  if (!value) return null;
  const problem = idNumberProblem(value);
  return problem ? { idNumber: problem } : null;
}

/** What a valid ID number says about the child, or null for an empty or invalid one. */
export function identityFromIdNumber(raw: string): { birthDate: string; sex: Sex } | null {
  const value = normaliseIdNumber(raw);
  if (!value || idNumberProblem(value) !== null) return null;
  return { birthDate: idNumberBirthDate(value) as string, sex: idNumberSex(value) };
}

export function idNumberProblemOf(control: AbstractControl): IdNumberProblem | null {
  return (control.errors?.['idNumber'] as IdNumberProblem | undefined) ?? null;
}

function text(value: string): string | undefined {
  return value.trim() || undefined;
}

/** The request for a filled-in, valid form: trimmed, empty optional fields left out. */
export function registrationRequest(value: StudentRegistrationValue): CreateStudentRequest {
  const request: CreateStudentRequest = {
    fullName: value.fullName.trim(),
    sex: value.sex as Sex,
    birthDate: value.birthDate,
    hukouRegionId: value.hukouRegionId as string,
  };
  const idNumber = normaliseIdNumber(value.idNumber);
  if (idNumber) request.idNumber = idNumber;
  const optional = {
    studentNumber: text(value.studentNumber)?.toUpperCase(),
    ethnicity: text(value.ethnicity),
    hukouAddress: text(value.hukouAddress),
    currentAddress: text(value.currentAddress),
  };
  for (const [key, field] of Object.entries(optional)) {
    if (field !== undefined) request[key as keyof typeof optional] = field;
  }
  if (!value.outOfSchool && value.schoolId) {
    request.schoolId = value.schoolId;
    if (value.grade !== null) request.grade = value.grade;
    const className = text(value.className);
    if (className) request.className = className;
  }
  if (value.guardians.length) request.guardians = value.guardians.map(guardianInput);
  if (value.flags.length) {
    request.flags = value.flags.map((f) => {
      const flag: StudentFlagInput = { flag: f.flag as SpecialStatusFlag, fromDate: f.fromDate };
      if (f.toDate) flag.toDate = f.toDate;
      return flag;
    });
  }
  return request;
}

function guardianInput(g: StudentRegistrationValue['guardians'][number]): GuardianInput {
  const guardian: GuardianInput = {
    fullName: g.fullName.trim(),
    relation: g.relation as GuardianRelation,
    worksAway: g.worksAway,
  };
  const phone = text(g.phone);
  if (phone) guardian.phone = phone;
  const place = g.worksAway ? text(g.worksAwayPlace) : undefined;
  if (place) guardian.worksAwayPlace = place;
  return guardian;
}

/**
 * The API's errors inside the lists (`guardians.0.phone`, `flags.1.toDate`), keyed by their
 * full path so each shows at its own row; top-level fields are left to FormStatus.
 */
export function nestedFieldErrors(error: unknown): Readonly<Record<string, ApiErrorDetail>> {
  const errors: Record<string, ApiErrorDetail> = {};
  for (const detail of apiErrorOf(error)?.details ?? []) {
    if (/^(guardians|flags)\.\d+\.\w+$/.test(detail.field) && !(detail.field in errors)) {
      errors[detail.field] = detail;
    }
  }
  return errors;
}

/** API rules the form words itself, by the field's last segment and rule; others show the server's message. */
const RULE_KEYS: Readonly<Record<string, string>> = {
  'idNumber:format': 'students.idNumberProblems.format',
  'idNumber:birth_date': 'students.idNumberProblems.birth_date',
  'idNumber:checksum': 'students.idNumberProblems.checksum',
  'birthDate:matchesIdNumber': 'students.register.rules.birthDateMatchesIdNumber',
  'sex:matchesIdNumber': 'students.register.rules.sexMatchesIdNumber',
  'studentNumber:matches': 'students.register.studentNumberRule',
  'studentNumber:matchesIdNumber': 'students.register.rules.studentNumberMatchesIdNumber',
  'hukouRegionId:isVillage': 'students.register.rules.isVillage',
  'hukouRegionId:withinScope': 'students.register.rules.villageWithinScope',
  'schoolId:requiredForSchoolScope': 'students.register.rules.schoolRequired',
  'schoolId:schoolWithinScope': 'students.register.rules.schoolWithinScope',
  'phone:matches': 'students.register.phoneRule',
  'toDate:afterFromDate': 'students.register.rules.toDateAfterFromDate',
};

/** The server's field errors with the messages the form knows put in the current language. */
export function localiseErrors(
  errors: Readonly<Record<string, ApiErrorDetail>>,
  translate: (key: string) => string,
): Readonly<Record<string, ApiErrorDetail>> {
  const localised: Record<string, ApiErrorDetail> = {};
  for (const [key, detail] of Object.entries(errors)) {
    const field = detail.field.split('.').pop() ?? detail.field;
    const messageKey = RULE_KEYS[`${field}:${detail.rule}`];
    localised[key] = messageKey ? { ...detail, message: translate(messageKey) } : detail;
  }
  return localised;
}

/** A flag period may be open-ended, but must not end before it starts. */
export function flagPeriodValidator(group: AbstractControl): ValidationErrors | null {
  const { fromDate, toDate } = group.value as { fromDate: string; toDate: string };
  return fromDate && toDate && toDate < fromDate ? { afterFromDate: true } : null;
}
