import { ChinaTimePipe } from './china-time.pipe';

describe(ChinaTimePipe.name, () => {
  const pipe = new ChinaTimePipe();

  it.each([
    ['2026-09-01T08:00:00Z', '2026-09-01 16:00'],
    ['2026-08-31T17:30:00Z', '2026-09-01 01:30'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01 00:00'],
    ['2026-09-01T10:00:00+08:00', '2026-09-01 10:00'],
  ])('shows %s as %s in China', (at, shown) => {
    expect(pipe.transform(at)).toBe(shown);
  });

  it('shows nothing for no instant and an unreadable one as it is', () => {
    expect(pipe.transform(null)).toBe('');
    expect(pipe.transform('yesterday')).toBe('yesterday');
  });
});
