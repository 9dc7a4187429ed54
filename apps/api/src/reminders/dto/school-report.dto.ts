import { SchoolMonthlyReportView, SubmitSchoolMonthlyReport } from '@baoxue/contracts';
import { Matches } from 'class-validator';

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export class SubmitSchoolMonthlyReportDto implements SubmitSchoolMonthlyReport {
  /** The month reported, `YYYY-MM`; not after the current month (China time). */
  @Matches(PERIOD_PATTERN, { message: 'period must be a month written YYYY-MM' })
  period!: string;
}

export class SchoolMonthlyReportDto implements SchoolMonthlyReportView {
  id!: string;
  schoolId!: string;
  period!: string;
  submittedAt!: string;
  /** Who submitted it (display name), null once the account is gone. */
  submittedByName!: string | null;
}
