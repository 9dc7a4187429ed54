import { dropoutRate, dropoutRateOfYear, isAtZero, stageOfGrade } from './figures';

describe('figures', () => {
  it('is at zero when nothing is open', () => {
    expect(isAtZero({ open: 0 })).toBe(true);
    expect(isAtZero({ open: 1 })).toBe(false);
  });

  it.each([
    [1, 'primary'],
    [6, 'primary'],
    [7, 'junior_secondary'],
    [9, 'junior_secondary'],
  ] as const)('grade %i is %s', (grade, stage) => {
    expect(stageOfGrade(grade)).toBe(stage);
  });

  it('gives the dropout rate in per cent with two decimals, null with nobody enrolled', () => {
    expect(dropoutRate(1, 3)).toBe(33.33);
    expect(dropoutRate(0, 0)).toBeNull();
  });

  it.each([
    [
      { dropouts: 0, enrolledNow: 0 },
      { dropouts: 0, enrolledAtStart: 0, rate: null },
    ],
    [
      { dropouts: 3, enrolledNow: 997 },
      { dropouts: 3, enrolledAtStart: 1000, rate: 0.3 },
    ],
    [
      { dropouts: 2, enrolledNow: 0 },
      { dropouts: 2, enrolledAtStart: 2, rate: 100 },
    ],
    [
      { dropouts: 1, enrolledNow: 19_999 },
      { dropouts: 1, enrolledAtStart: 20_000, rate: 0.01 },
    ],
  ])(
    'estimates the roll at the start of the year as enrolled now plus the dropouts: %j',
    (input, expected) => {
      expect(dropoutRateOfYear(input)).toEqual(expected);
    },
  );
});
