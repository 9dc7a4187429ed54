import { gradesOf } from '@baoxue/domain';
import {
  DEMO_SCHOOLS,
  DEMO_ZONE,
  villageAddressName,
  villageCommitteeName,
  villageShortName,
} from './demo-zone.data';
import { apportion, MAX_CLASS_SIZE, planEnrolment, splitIntoClasses } from './enrolment-plan';

describe('demo schools', () => {
  it('are the zone’s 33: 31 primary and junior-secondary, 2 nine-year, unique 10-digit codes', () => {
    expect(DEMO_SCHOOLS).toHaveLength(33);
    expect(DEMO_SCHOOLS.filter((s) => s.level !== 'nine_year')).toHaveLength(31);
    expect(new Set(DEMO_SCHOOLS.map((s) => s.code)).size).toBe(33);
    expect(DEMO_SCHOOLS.every((s) => /^\d{10}$/.test(s.code))).toBe(true);
    expect(new Set(DEMO_SCHOOLS.map((s) => s.name)).size).toBe(33);
  });

  it('has the 进士张, 明德 and 后张 districts in 疃里镇', () => {
    const districts = new Set(DEMO_SCHOOLS.filter((s) => s.town === '370829104').map((s) => s.district));
    expect([...districts].sort()).toEqual(['后张学区', '明德学区', '进士张学区'].sort());
  });
});

describe('planEnrolment', () => {
  const plan = planEnrolment(DEMO_SCHOOLS, DEMO_ZONE.totalStudents, (i) => (i * 0.37) % 1);

  it('enrols exactly the zone total in classes of 36–50', () => {
    expect(plan.reduce((sum, c) => sum + c.size, 0)).toBe(20_231);
    for (const planned of plan) {
      expect(planned.size).toBeLessThanOrEqual(MAX_CLASS_SIZE);
      expect(planned.size).toBeGreaterThanOrEqual(35);
      expect(planned.className).toMatch(/^\d+班$/);
    }
  });

  it('teaches each school the grades of its level', () => {
    for (const school of DEMO_SCHOOLS) {
      const grades = new Set(plan.filter((c) => c.schoolCode === school.code).map((c) => c.grade));
      expect([...grades].sort((a, b) => a - b)).toEqual(gradesOf(school.level));
    }
  });
});

describe('apportion and splitIntoClasses', () => {
  it('apportions integers that add up', () => {
    expect(apportion([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(apportion([2, 1], 7)).toEqual([5, 2]);
  });

  it('splits a grade into even classes', () => {
    expect(splitIntoClasses(50)).toEqual([50]);
    expect(splitIntoClasses(101)).toEqual([34, 34, 33]);
    expect(splitIntoClasses(0)).toEqual([]);
  });
});

describe('village names', () => {
  it('shortens the data’s names and keeps committee names', () => {
    expect(villageShortName('进士张村委会')).toBe('进士张');
    expect(villageShortName('吴马井村')).toBe('吴马井');
    expect(villageShortName('杏花村村委会')).toBe('杏花村');
    expect(villageAddressName('杏花村')).toBe('杏花村');
    expect(villageAddressName('进士张')).toBe('进士张村');
    expect(villageCommitteeName('进士张村委会')).toBe('进士张村委会');
    expect(villageCommitteeName('吴马井村')).toBe('吴马井村民委员会');
  });
});
