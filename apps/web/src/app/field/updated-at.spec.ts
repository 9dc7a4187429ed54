import { updatedAtLabel } from './updated-at';

describe(updatedAtLabel.name, () => {
  it('gives the China clock time on the same China day, and the day too otherwise', () => {
    // 23:50 UTC is 07:50 the next morning in China.
    const now = new Date('2026-09-10T00:30:00Z');
    expect(updatedAtLabel('2026-09-09T23:50:00Z', now)).toBe('07:50');
    // 15:59 UTC the day before is 23:59 on 09-09 in China: a different China day.
    expect(updatedAtLabel('2026-09-09T15:59:00Z', now)).toBe('09-09 23:59');
    expect(updatedAtLabel(null, now)).toBe('');
    expect(updatedAtLabel('not a time', now)).toBe('');
  });
});
