/**
 * Reporting periods (四个一 cadence, DOMAIN.md §6). A school year (学年) runs from 1 September
 * to 31 August; its first term (第一学期) to 31 January, its second from 1 February. Days are
 * China dates (YYYY-MM-DD); a period's `from` and `to` are both inclusive.
 */
export const PERIOD_KINDS = ['month', 'quarter', 'semester', 'school_year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** `2026-11`, `2026-Q4`, `2026-2027-1` (first term), `2026-2027` (school year). */
  id: string;
  from: string;
  to: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

function parts(day: string): { year: number; month: number } {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
}

/** The year a school year containing `day` starts in. */
export function schoolYearStartOf(day: string): number {
  const { year, month } = parts(day);
  return month >= 9 ? year : year - 1;
}

/** The period of `kind` that contains `day`. */
export function periodOf(kind: PeriodKind, day: string): Period {
  const { year, month } = parts(day);
  switch (kind) {
    case 'month':
      return {
        kind,
        id: `${year}-${pad(month)}`,
        from: `${year}-${pad(month)}-01`,
        to: lastDayOfMonth(year, month),
      };
    case 'quarter': {
      const q = Math.floor((month - 1) / 3) + 1;
      const first = (q - 1) * 3 + 1;
      return {
        kind,
        id: `${year}-Q${q}`,
        from: `${year}-${pad(first)}-01`,
        to: lastDayOfMonth(year, first + 2),
      };
    }
    case 'semester': {
      const start = schoolYearStartOf(day);
      return month >= 9 || month === 1
        ? { kind, id: `${start}-${start + 1}-1`, from: `${start}-09-01`, to: `${start + 1}-01-31` }
        : { kind, id: `${start}-${start + 1}-2`, from: `${start + 1}-02-01`, to: `${start + 1}-08-31` };
    }
    case 'school_year': {
      const start = schoolYearStartOf(day);
      return { kind, id: `${start}-${start + 1}`, from: `${start}-09-01`, to: `${start + 1}-08-31` };
    }
  }
}

const PATTERNS: Record<PeriodKind, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  semester: /^(\d{4})-(\d{4})-([12])$/,
  school_year: /^(\d{4})-(\d{4})$/,
};

/** The period a `kind` id names, or null when the id is not one. */
export function parsePeriod(kind: PeriodKind, id: string): Period | null {
  const match = PATTERNS[kind].exec(id);
  if (!match) return null;
  switch (kind) {
    case 'month':
      return periodOf(kind, `${id}-01`);
    case 'quarter':
      return periodOf(kind, `${match[1]}-${pad((Number(match[2]) - 1) * 3 + 1)}-01`);
    case 'semester':
    case 'school_year': {
      const start = Number(match[1]);
      if (Number(match[2]) !== start + 1) return null;
      if (kind === 'school_year') return periodOf(kind, `${start}-09-01`);
      return periodOf(kind, match[3] === '1' ? `${start}-09-01` : `${start + 1}-02-01`);
    }
  }
}

/** The period of `kind` just before `period`. */
export function previousPeriod(period: Period): Period {
  const day = new Date(Date.parse(`${period.from}T00:00:00Z`) - 24 * 3600 * 1000).toISOString().slice(0, 10);
  return periodOf(period.kind, day);
}

/**
 * Who submits (and freezes) which period: schools monthly, counties and management zones
 * quarterly, prefectures (cities) each semester, provinces each school year.
 */
export const REPORTING_CADENCE = {
  school: 'month',
  county: 'quarter',
  zone: 'quarter',
  city: 'semester',
  province: 'school_year',
} as const satisfies Record<string, PeriodKind>;
export type ReportingLevel = keyof typeof REPORTING_CADENCE;
