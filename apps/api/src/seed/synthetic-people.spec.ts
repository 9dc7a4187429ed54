import { ageOn, idNumberBirthDate, idNumberSex, isValidIdNumber, SPECIAL_STATUS_FLAGS } from '@baoxue/domain';
import {
  addDays,
  birthDateWindow,
  schoolYearStart,
  SyntheticChild,
  SyntheticPeople,
} from './synthetic-people';

const TODAY = '2026-11-28';

function children(count: number, seed = 1, today = TODAY): { grade: number; child: SyntheticChild }[] {
  const people = new SyntheticPeople(seed, today, '370829');
  return Array.from({ length: count }, (_, i) => {
    const grade = (i % 9) + 1;
    return { grade, child: people.child(grade) };
  });
}

describe('school year and grade ages', () => {
  it('starts the school year on 1 September', () => {
    expect(schoolYearStart('2026-08-31')).toBe(2025);
    expect(schoolYearStart('2026-09-01')).toBe(2026);
  });

  it('puts grade 1 at six to seven and grade 9 at fourteen to fifteen', () => {
    expect(birthDateWindow(1, '2026-11-28')).toEqual({ from: '2019-09-01', to: '2020-08-31' });
    expect(birthDateWindow(9, '2026-03-01')).toEqual({ from: '2010-09-01', to: '2011-08-31' });
  });
});

describe('SyntheticPeople', () => {
  const sample = children(4_500);

  // One assertion per check over the whole sample: thousands of expect() calls are slow.
  it('gives every child a valid, unique ID number of 嘉祥县 matching birth date and sex', () => {
    const wrong = sample.filter(
      ({ child }) =>
        !isValidIdNumber(child.idNumber) ||
        !child.idNumber.startsWith('370829') ||
        idNumberBirthDate(child.idNumber) !== child.birthDate ||
        idNumberSex(child.idNumber) !== child.sex,
    );
    expect(wrong).toEqual([]);
    expect(new Set(sample.map(({ child }) => child.idNumber)).size).toBe(sample.length);
  });

  it('makes ages fit the grade all school year, within 6–15', () => {
    const misfits = sample.filter(({ grade, child }) =>
      [TODAY, '2026-09-01', '2027-08-31'].some((day) => {
        const age = ageOn(child.birthDate, day);
        return age < 6 || age > 15 || age < grade + 5 || age > grade + 6;
      }),
    );
    expect(misfits).toEqual([]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(children(50, 7)).toEqual(children(50, 7));
    expect(children(50, 8)).not.toEqual(children(50, 7));
  });

  it('names children and guardians in Chinese, with 1–2 guardians holding mobile numbers', () => {
    const chinese = /^[\u4e00-\u9fff]{2,4}$/;
    const wrong = sample.filter(
      ({ child }) =>
        !chinese.test(child.fullName) ||
        child.guardians.length < 1 ||
        child.guardians.length > 2 ||
        child.guardians.some(
          (g) =>
            !chinese.test(g.fullName) ||
            !/^1[3-9]\d{9}$/.test(g.phone) ||
            (g.worksAwayPlace !== null) !== g.worksAway,
        ),
    );
    expect(wrong).toEqual([]);
  });

  it('flags at plausible rates: left-behind children have a parent working away', () => {
    const count = (flag: string) =>
      sample.filter(({ child }) => child.flags.some((f) => f.flag === flag)).length;
    const leftBehind = sample.filter(({ child }) => child.flags.some((f) => f.flag === 'left_behind'));
    expect(count('left_behind') / sample.length).toBeGreaterThan(0.05);
    expect(count('left_behind') / sample.length).toBeLessThan(0.11);
    expect(leftBehind.every(({ child }) => child.guardians.some((g) => g.worksAway))).toBe(true);
    expect(count('migrant') / sample.length).toBeLessThan(0.05);
    expect(count('disabled') / sample.length).toBeLessThan(0.02);
    const withAwayParent = sample.filter(({ child }) => child.guardians.some((g) => g.worksAway));
    expect(leftBehind.length / withAwayParent.length).toBeGreaterThan(0.7);
  });

  it('dates flags before today and after birth, and grades disabilities', () => {
    const flags = sample.flatMap(({ child }) =>
      child.flags.map((flag) => ({ flag, birthDate: child.birthDate })),
    );
    const wrong = flags.filter(
      ({ flag, birthDate }) =>
        !SPECIAL_STATUS_FLAGS.includes(flag.flag) ||
        flag.fromDate > addDays(TODAY, -30) ||
        flag.fromDate < birthDate ||
        (flag.flag === 'disabled' &&
          (typeof flag.detail?.['category'] !== 'string' || typeof flag.detail?.['grade'] !== 'number')),
    );
    expect(flags.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it('makes 11-digit mobile numbers', () => {
    const people = new SyntheticPeople(3, TODAY, '370829');
    const phones = Array.from({ length: 200 }, () => people.mobilePhone());
    expect(phones.filter((phone) => !/^1[3-9]\d{9}$/.test(phone))).toEqual([]);
  });
});
