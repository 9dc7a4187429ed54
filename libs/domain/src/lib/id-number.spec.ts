import fc from 'fast-check';
import {
  composeIdNumber,
  idNumberBirthDate,
  idNumberCheckCharacter,
  idNumberProblem,
  idNumberSex,
  isValidIdNumber,
  maskIdNumber,
  maskPhone,
  normaliseIdNumber,
} from './id-number';

describe('ID numbers (GB 11643-1999)', () => {
  it.each([
    // Published examples with known check characters.
    ['11010519491231002', 'X'],
    ['37082920150901001', idNumberCheckCharacter('37082920150901001')],
  ])('computes the check character of %s as %s', (first17, check) => {
    expect(idNumberCheckCharacter(first17)).toBe(check);
    expect(isValidIdNumber(first17 + check)).toBe(true);
  });

  it.each([
    ['11010519491231002x', 'format'],
    ['1101051949123100', 'format'],
    ['11010519491331002X', 'birth_date'],
    ['11010520230229002X', 'birth_date'],
    ['110105194912310021', 'checksum'],
  ])('finds what is wrong with %s: %s', (value, problem) => {
    expect(idNumberProblem(value)).toBe(problem);
  });

  it('normalises a lower-case x and spaces', () => {
    expect(normaliseIdNumber(' 110105 19491231002x ')).toBe('11010519491231002X');
    expect(isValidIdNumber(normaliseIdNumber('11010519491231002x'))).toBe(true);
  });

  it('reads birth date and sex', () => {
    expect(idNumberBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(idNumberSex('11010519491231002X')).toBe('female');
    expect(idNumberSex(composeIdNumber('370829', '2016-03-05', 11))).toBe('male');
  });

  it('composes only valid numbers, and any single-digit change breaks the checksum', () => {
    const dates = fc
      .date({
        min: new Date('2008-01-01T00:00:00Z'),
        max: new Date('2021-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        dates,
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 16 }),
        (date, seq, position) => {
          const id = composeIdNumber('370829', date, seq);
          expect(isValidIdNumber(id)).toBe(true);
          expect(idNumberBirthDate(id)).toBe(date);
          const digit = Number(id[position]);
          const changed = id.slice(0, position) + String((digit + 1) % 10) + id.slice(position + 1);
          expect(idNumberProblem(changed)).not.toBeNull();
        },
      ),
    );
  });

  it('masks all but the address code and the last four', () => {
    expect(maskIdNumber('37082920150901123X')).toBe('370829********123X');
    expect(maskPhone('13805371234')).toBe('138****1234');
  });
});
