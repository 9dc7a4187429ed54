import { HttpErrorResponse } from '@angular/common/http';
import {
  choosableConflicts,
  COMPARE_ROWS,
  defaultSurvivor,
  duplicateErrorKey,
  otherSide,
  reasonValid,
} from './duplicate-compare';
import { aDuplicate, aSide } from './duplicate.fixtures';

describe('duplicate comparison', () => {
  it('keeps the record with the open case, else more cases, else the older one', () => {
    expect(defaultSurvivor(aDuplicate())).toBe('first');
    expect(
      defaultSurvivor(aDuplicate({ second: aSide({ id: 's-2', hasOpenCase: true, caseCount: 1 }) })),
    ).toBe('second');
    expect(defaultSurvivor(aDuplicate({ second: aSide({ id: 's-2', caseCount: 2 }) }))).toBe('second');
    expect(defaultSurvivor(aDuplicate({ first: aSide({ createdAt: '2026-01-01T00:00:00Z' }) }))).toBe(
      'second',
    );
    expect(otherSide('first')).toBe('second');
  });

  it('offers only conflicting fields the merge settles', () => {
    expect(choosableConflicts(aDuplicate({ conflicts: ['grade', 'ethnicity'] }))).toEqual([
      'ethnicity',
      'grade',
    ]);
    expect(choosableConflicts(aDuplicate({ conflicts: [] }))).toEqual([]);
  });

  it('shows only masked values', () => {
    const side = aSide();
    const cells = COMPARE_ROWS.map((row) => row.cell(side));
    const texts = cells.map((c) => (c.kind === 'text' ? c.text : '')).join(' ');
    expect(texts).toContain('张**');
    expect(texts).toContain('370829********0011');
    expect(texts).not.toMatch(/\d{17}[\dX]/);
    expect(cells.find((c) => c.kind === 'key')).toEqual({ kind: 'key', key: 'students.grades.3' });
  });

  it.each([
    ['3 characters', 'abc', false],
    ['4 characters once trimmed', '  四个字符  ', true],
    ['200 characters', 'x'.repeat(200), true],
    ['201 characters', 'x'.repeat(201), false],
  ])('a reason of %s is valid: %s', (_what, reason, valid) => {
    expect(reasonValid(reason)).toBe(valid);
  });

  it.each([
    ['student.merge_two_open_cases', 'duplicates.errors.two_open_cases'],
    ['duplicate.not_open', 'duplicates.errors.not_open'],
    ['student.stale_version', 'duplicates.errors.stale'],
    ['something.else', 'errors.conflict'],
  ])('words a 409 %s as %s', (code, key) => {
    const error = new HttpErrorResponse({
      status: 409,
      error: { statusCode: 409, error: 'Conflict', code, message: 'x' },
    });
    expect(duplicateErrorKey(error)).toBe(key);
  });
});
