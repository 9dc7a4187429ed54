import { base, en, Faker, zh_CN } from '@faker-js/faker';
import { composeIdNumber, GuardianRelation, Sex, SpecialStatusFlag } from '@baoxue/domain';

/**
 * Synthetic children and guardians for the demo: made-up names, phones and valid-looking
 * ID numbers, deterministic for a seed and a day. No real person's data is used.
 */

export interface SyntheticGuardian {
  fullName: string;
  relation: GuardianRelation;
  phone: string;
  worksAway: boolean;
  worksAwayPlace: string | null;
}

export interface SyntheticFlag {
  flag: SpecialStatusFlag;
  fromDate: string;
  detail: Record<string, unknown> | null;
}

export interface SyntheticChild {
  fullName: string;
  sex: Sex;
  birthDate: string;
  idNumber: string;
  ethnicity: string;
  guardians: SyntheticGuardian[];
  flags: SyntheticFlag[];
}

/** Common surnames of south-west Shandong, weighted roughly by frequency. */
const SURNAMES: readonly { value: string; weight: number }[] = [
  ...['王', '李', '张', '刘'].map((value) => ({ value, weight: 8 })),
  ...['陈', '杨', '赵', '孙', '马', '周', '徐', '郭'].map((value) => ({ value, weight: 3 })),
  ...['吴', '朱', '高', '胡', '孔', '曹', '宋', '贾', '田', '韩', '魏', '袁', '梁', '程', '董'].map(
    (value) => ({ value, weight: 1.5 }),
  ),
  ...['侯', '闫', '冯', '邵', '任', '许', '颜', '孟', '段', '翟', '姜', '邢', '唐', '于', '鲁', '岳'].map(
    (value) => ({ value, weight: 0.8 }),
  ),
];

const MINORITY_ETHNICITIES = ['回族', '满族', '蒙古族'] as const;

/** Where parents of the zone go for work (外出务工). */
const WORK_AWAY_PLACES = [
  '江苏省苏州市',
  '江苏省南京市',
  '江苏省无锡市',
  '浙江省宁波市',
  '浙江省杭州市',
  '上海市',
  '北京市',
  '天津市',
  '广东省深圳市',
  '广东省东莞市',
  '山东省青岛市',
  '河北省廊坊市',
] as const;

/** Mobile number segments in use in China; the other eight digits are random. */
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188',
  '189', '198', '199',
] as const; // prettier-ignore

const DISABILITY_CATEGORIES = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'] as const;

/** Rates per child (DOMAIN.md §4 flags; figures of a rural county of this size). */
const RATES = {
  parentsAway: 0.092,
  leftBehindGivenAway: 0.87,
  orphan: 0.001,
  unsupported: 0.003,
  migrant: 0.03,
  disabled: 0.008,
  povertyMonitoring: 0.02,
  lowIncome: 0.025,
  lowIncomeGivenMonitoring: 0.3,
  inDifficulty: 0.006,
  extremePoverty: 0.0018,
  minorityEthnicity: 0.007,
  male: 0.52,
} as const;

/** First day (1 September) of the school year `day` falls in. */
export function schoolYearStart(day: string): number {
  const [year, month] = day.split('-').map(Number);
  return month >= 9 ? year : year - 1;
}

/**
 * Birth dates of a grade, as of the school year of `day`: grade g entered grade 1 at 6, so
 * it was born between 1 September and 31 August g+5 / g+6 years before the year's start.
 */
export function birthDateWindow(grade: number, day: string): { from: string; to: string } {
  const start = schoolYearStart(day);
  return { from: `${start - 6 - grade}-09-01`, to: `${start - 5 - grade}-08-31` };
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export class SyntheticPeople {
  private readonly faker: Faker;
  private readonly usedIdNumbers = new Set<string>();

  /**
   * @param today the day the data is made for (YYYY-MM-DD): ages and flag dates count from it.
   * @param addressCode the 6-digit address code of every ID number.
   */
  constructor(
    seed: number,
    private readonly today: string,
    private readonly addressCode: string,
  ) {
    this.faker = new Faker({ locale: [zh_CN, en, base], seed });
  }

  /** A child of `grade` in the current school year, with a unique ID number. */
  child(grade: number): SyntheticChild {
    const sex: Sex = this.chance(RATES.male) ? 'male' : 'female';
    const window = birthDateWindow(grade, this.today);
    const birthDate = this.dayBetween(window.from, window.to);
    const surname = this.surname();
    const family = this.family(surname);
    return {
      fullName: surname + this.faker.person.firstName(sex),
      sex,
      birthDate,
      idNumber: this.idNumber(birthDate, sex),
      ethnicity: this.chance(RATES.minorityEthnicity) ? this.pick(MINORITY_ETHNICITIES) : '汉族',
      guardians: family.guardians,
      flags: this.flags(family, birthDate),
    };
  }

  /** A Chinese full name for an adult (demo users, guardians). */
  adultName(sex: Sex = this.chance(0.5) ? 'male' : 'female', surname = this.surname()): string {
    return surname + this.faker.person.firstName(sex);
  }

  /** An 11-digit mobile number, 1[3-9]…. */
  mobilePhone(): string {
    return this.pick(MOBILE_PREFIXES) + this.faker.string.numeric({ length: 8, allowLeadingZeros: true });
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return this.faker.number.int({ min, max });
  }

  chance(probability: number): boolean {
    return this.faker.number.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  private surname(): string {
    return this.faker.helpers.weightedArrayElement(SURNAMES as { value: string; weight: number }[]);
  }

  private dayBetween(from: string, to: string): string {
    return addDays(from, this.int(0, daysBetween(from, to)));
  }

  /** Sequence parity carries the sex (odd male, even female); 000 is never issued. */
  private idNumber(birthDate: string, sex: Sex): string {
    for (;;) {
      const half = this.int(sex === 'male' ? 0 : 1, 499);
      const idNumber = composeIdNumber(this.addressCode, birthDate, sex === 'male' ? 2 * half + 1 : 2 * half);
      if (!this.usedIdNumbers.has(idNumber)) {
        this.usedIdNumbers.add(idNumber);
        return idNumber;
      }
    }
  }

  /** Who looks after the child, and the family facts the flags follow from. */
  private family(surname: string): Family {
    const orphan = this.chance(RATES.orphan);
    const unsupported = !orphan && this.chance(RATES.unsupported);
    if (orphan || unsupported) {
      const guardians = [this.guardian('grandparent', surname)];
      if (this.chance(0.4)) guardians.push(this.guardian('other_relative'));
      return { guardians, orphan, unsupported, leftBehind: false, parentsAway: false };
    }
    if (this.chance(RATES.parentsAway)) return this.familyWithParentsAway(surname);
    return {
      guardians: this.parentsAtHome(surname),
      orphan,
      unsupported,
      leftBehind: false,
      parentsAway: false,
    };
  }

  /** Left behind (留守): both parents away, a grandparent at home; else one parent stays. */
  private familyWithParentsAway(surname: string): Family {
    const leftBehind = this.chance(RATES.leftBehindGivenAway);
    const away = this.guardian(this.chance(0.75) ? 'father' : 'mother', surname, true);
    const home = leftBehind
      ? this.guardian('grandparent', surname)
      : this.guardian(away.relation === 'father' ? 'mother' : 'father', surname);
    return { guardians: [home, away], orphan: false, unsupported: false, leftBehind, parentsAway: true };
  }

  private parentsAtHome(surname: string): SyntheticGuardian[] {
    const roll = this.faker.number.float();
    if (roll < 0.68) return [this.guardian('father', surname), this.guardian('mother')];
    if (roll < 0.9) return [this.guardian(this.chance(0.55) ? 'mother' : 'father', surname)];
    return [this.guardian('mother'), this.guardian('grandparent', surname)];
  }

  private guardian(relation: GuardianRelation, familySurname?: string, worksAway = false): SyntheticGuardian {
    // The father and paternal grandparents carry the child's surname; others their own.
    const sex: Sex =
      relation === 'father'
        ? 'male'
        : relation === 'mother'
          ? 'female'
          : this.chance(0.5)
            ? 'male'
            : 'female';
    const surname = relation === 'father' || relation === 'grandparent' ? familySurname : undefined;
    return {
      fullName: this.adultName(sex, surname ?? this.surname()),
      relation,
      phone: this.mobilePhone(),
      worksAway,
      worksAwayPlace: worksAway ? this.pick(WORK_AWAY_PLACES) : null,
    };
  }

  private flags(family: Family, birthDate: string): SyntheticFlag[] {
    const flags: SyntheticFlag[] = [];
    const add = (flag: SpecialStatusFlag, detail: Record<string, unknown> | null = null) =>
      flags.push({ flag, fromDate: this.flagFromDate(birthDate), detail });
    if (family.leftBehind) add('left_behind');
    if (family.orphan) add('orphan');
    if (family.unsupported) add('unsupported');
    if (!family.parentsAway && this.chance(RATES.migrant)) add('migrant');
    if (this.chance(RATES.disabled)) {
      add('disabled', { category: this.pick(DISABILITY_CATEGORIES), grade: this.pick([1, 2, 3, 3, 4, 4]) });
    }
    const monitoring = this.chance(RATES.povertyMonitoring);
    if (monitoring) add('poverty_monitoring');
    if (this.chance(monitoring ? RATES.lowIncomeGivenMonitoring : RATES.lowIncome)) add('low_income');
    if (family.orphan || family.unsupported || this.chance(RATES.inDifficulty)) add('in_difficulty');
    if (this.chance(family.orphan ? 0.5 : RATES.extremePoverty)) add('extreme_poverty');
    return flags;
  }

  /** Some day in the last six years (not before birth), at least a month ago. */
  private flagFromDate(birthDate: string): string {
    const sixYearsAgo = addDays(this.today, -6 * 365);
    const from = birthDate > sixYearsAgo ? birthDate : sixYearsAgo;
    return this.dayBetween(from, addDays(this.today, -30));
  }
}

interface Family {
  guardians: SyntheticGuardian[];
  orphan: boolean;
  unsupported: boolean;
  leftBehind: boolean;
  parentsAway: boolean;
}
