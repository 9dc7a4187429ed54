import { GuardianView, StudentDetail, StudentDuplicateRef, StudentSummary } from '@baoxue/contracts';
import { maskPhone, SpecialStatusFlag } from '@baoxue/domain';
import { toOrganisationSummary } from '../organisations/organisation.presenter';
import { toRegionRef } from '../regions/regions.service';
import { Guardian } from './guardian.entity';
import { StudentFlag } from './student-flag.entity';
import { Student } from './student.entity';
import { maskAddress, maskStudentNumber } from './student-masking';

/** Whether a flag is in force on `today` (YYYY-MM-DD). */
export function flagActive(flag: Pick<StudentFlag, 'fromDate' | 'toDate'>, today: string): boolean {
  return flag.fromDate <= today && (flag.toDate === null || flag.toDate >= today);
}

export function toStudentSummary(student: Student, flags: SpecialStatusFlag[]): StudentSummary {
  return {
    id: student.id,
    fullName: student.fullName,
    sex: student.sex,
    birthDate: student.birthDate,
    idNumberMasked: student.idNumberMasked,
    studentNumberMasked: student.studentNumber ? maskStudentNumber(student.studentNumber) : null,
    hukouRegion: student.hukouRegion ? toRegionRef(student.hukouRegion) : null,
    school: student.school ? toOrganisationSummary(student.school) : null,
    grade: student.grade,
    className: student.className,
    enrolmentStatus: student.enrolmentStatus,
    flags: [...new Set(flags)],
  };
}

function toGuardianView(guardian: Guardian): GuardianView {
  return {
    id: guardian.id,
    fullName: guardian.fullName,
    relation: guardian.relation,
    phoneMasked: guardian.phone ? maskPhone(guardian.phone) : null,
    worksAway: guardian.worksAway,
    worksAwayPlace: guardian.worksAwayPlace,
  };
}

/** The masked record: no full ID number, phone, address or flag detail. */
export function toStudentDetail(
  student: Student,
  today: string,
  openDuplicates: StudentDuplicateRef[] = [],
): StudentDetail {
  if (!student.guardians || !student.flags) throw new Error('student family not loaded');
  return {
    ...toStudentSummary(
      student,
      student.flags.filter((f) => flagActive(f, today)).map((f) => f.flag),
    ),
    ethnicity: student.ethnicity,
    hukouAddressMasked: student.hukouAddress ? maskAddress(student.hukouAddress) : null,
    currentAddressMasked: student.currentAddress ? maskAddress(student.currentAddress) : null,
    guardians: student.guardians.map(toGuardianView),
    flagPeriods: student.flags.map((f) => ({
      flag: f.flag,
      fromDate: f.fromDate,
      toDate: f.toDate,
      hasDetail: f.detail !== null,
    })),
    version: student.version,
    createdAt: student.createdAt.toISOString(),
    updatedAt: student.updatedAt.toISOString(),
    mergedIntoId: student.mergedIntoId,
    openDuplicates,
  };
}
