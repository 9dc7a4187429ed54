import type { DuplicateSide, StudentDuplicate } from '@baoxue/contracts';

/** Test data: one side of a candidate pair, masked as the API sends it. */
export function aSide(overrides: Partial<DuplicateSide> = {}): DuplicateSide {
  return {
    id: 's-1',
    maskedName: '张**',
    sex: 'male',
    birthDate: '2015-09-01',
    idNumberMasked: '370829********0011',
    studentNumberMasked: null,
    hukouRegion: { id: 'r-village', code: '370829104201', name: '进士张村', kind: 'village' },
    school: { id: 'o-2', name: '疃里镇中心小学', type: 'school' },
    grade: 3,
    className: '2班',
    enrolmentStatus: 'enrolled',
    guardianCount: 1,
    flagCount: 0,
    caseCount: 0,
    hasOpenCase: false,
    version: 1,
    createdAt: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

/** Test data: an open candidate pair differing in grade. */
export function aDuplicate(overrides: Partial<StudentDuplicate> = {}): StudentDuplicate {
  return {
    id: 'd-1',
    reason: 'same_id_number',
    status: 'open',
    first: aSide(),
    second: aSide({ id: 's-2', grade: 4, createdAt: '2025-02-01T00:00:00Z', version: 3 }),
    conflicts: ['grade'],
    bothHaveOpenCases: false,
    resolutionNote: null,
    resolvedAt: null,
    version: 1,
    createdAt: '2025-02-01T00:00:00Z',
    ...overrides,
  };
}
