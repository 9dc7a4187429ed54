import {
  duplicateReason,
  MERGE_FIELDS,
  MergeValues,
  mergeRefusal,
  orderedPair,
  planMerge,
  touchesDuplicateMatch,
} from './duplicates';

function values(overrides: Partial<MergeValues> = {}): MergeValues {
  const base = Object.fromEntries(MERGE_FIELDS.map((f) => [f, null])) as MergeValues;
  return { ...base, fullName: '张伟', sex: 'male', birthDate: '2014-03-07', ...overrides };
}

describe('orderedPair', () => {
  it('stores a pair the same way whichever record came first', () => {
    expect(orderedPair('b', 'a')).toEqual(['a', 'b']);
    expect(orderedPair('a', 'b')).toEqual(['a', 'b']);
  });
});

describe('duplicateReason', () => {
  it('prefers the ID number when both match', () => {
    expect(duplicateReason({ sameIdNumber: true })).toBe('same_id_number');
    expect(duplicateReason({ sameIdNumber: false })).toBe('same_name_birth_village');
  });
});

describe('touchesDuplicateMatch', () => {
  it.each([
    [['fullName'], true],
    [['idNumber', 'grade'], true],
    [['hukouRegionId'], true],
    [['grade', 'guardians'], false],
    [[], false],
  ])('%j → %s', (changed, expected) => {
    expect(touchesDuplicateMatch(changed)).toBe(expected);
  });
});

describe('planMerge', () => {
  it('keeps equal fields, fills what the survivor lacks and lists real conflicts', () => {
    const plan = planMerge(
      values({ ethnicity: '汉族', currentAddress: 'A' }),
      values({ ethnicity: '回族', currentAddress: null, hukouAddress: 'H', hukouRegionId: 'v1' }),
    );
    expect(plan.conflicts).toEqual(['ethnicity']);
    expect(plan.filled).toEqual(['hukouRegionId', 'hukouAddress']);
    expect(plan.fromOther).toEqual(['hukouRegionId', 'hukouAddress']);
  });

  it('takes a conflicting field only when chosen', () => {
    const survivor = values({ ethnicity: '汉族' });
    const other = values({ ethnicity: '回族' });
    expect(planMerge(survivor, other).fromOther).toEqual([]);
    expect(planMerge(survivor, other, ['ethnicity']).fromOther).toEqual(['ethnicity']);
  });

  it('ignores a choice of a field that does not conflict', () => {
    expect(planMerge(values(), values(), ['ethnicity', 'grade']).fromOther).toEqual([]);
  });

  it('takes the birth date and sex with the ID number, so they still agree', () => {
    const survivor = values({ birthDate: '2014-03-08', idNumber: 'h1' });
    const other = values({ birthDate: '2014-03-07', idNumber: 'h2', sex: 'male' });
    expect(planMerge(survivor, other, ['idNumber']).fromOther).toEqual(['birthDate', 'idNumber']);
  });

  it('a filled ID number brings its birth date along', () => {
    const survivor = values({ birthDate: '2014-03-08' });
    const other = values({ birthDate: '2014-03-07', idNumber: 'h2' });
    expect(planMerge(survivor, other).fromOther).toEqual(['birthDate', 'idNumber']);
  });

  it('takes the 学籍号 with the ID number, and the ID number with the 学籍号', () => {
    const survivor = values({ idNumber: 'h1', studentNumber: 'Gh1' });
    const other = values({ idNumber: 'h2', studentNumber: 'Gh2' });
    expect(planMerge(survivor, other, ['idNumber']).fromOther).toEqual(['idNumber', 'studentNumber']);
    expect(planMerge(survivor, other, ['studentNumber']).fromOther).toEqual(['idNumber', 'studentNumber']);
  });

  it('takes grade and class with the school', () => {
    const survivor = values({ schoolId: 's1', grade: 3, className: '1班' });
    const other = values({ schoolId: 's2', grade: 4, className: null });
    expect(planMerge(survivor, other, ['schoolId']).fromOther).toEqual(['schoolId', 'grade']);
  });
});

describe('mergeRefusal', () => {
  const ok = {
    status: 'open' as const,
    survivorIsInPair: true,
    eitherAlreadyMerged: false,
    survivorOpenCases: 1,
    otherOpenCases: 0,
  };

  it('allows an open pair with at most one open case', () => {
    expect(mergeRefusal(ok)).toBeNull();
    expect(mergeRefusal({ ...ok, survivorOpenCases: 0, otherOpenCases: 1 })).toBeNull();
  });

  it.each([
    [{ survivorIsInPair: false }, 'duplicate.not_in_pair'],
    [{ status: 'merged' as const }, 'duplicate.not_open'],
    [{ status: 'dismissed' as const }, 'duplicate.not_open'],
    [{ eitherAlreadyMerged: true }, 'student.merged'],
    [{ otherOpenCases: 1 }, 'student.merge_two_open_cases'],
  ])('refuses %j with %s', (change, code) => {
    expect(mergeRefusal({ ...ok, ...change })).toBe(code);
  });
});
