import {
  composeIdNumber,
  idNumberProblem,
  maskIdNumber,
  normaliseIdNumber,
  RegisterKind,
  REGISTER_WARNING_RULES,
  RegisterMapping,
} from '@baoxue/domain';
import fc from 'fast-check';
import {
  codePointLength,
  REGISTER_GRADE_TEXTS,
  REGISTER_TEXT_LIMITS,
  RegisterCheckedRow,
  registerDate,
  registerIdNormalise,
  registerIdProblem,
  registerMaskId,
  RegisterRegionRef,
  RegisterRowCheckContext,
  registerRowChecker,
  RegisterSchoolRef,
  registerTrim,
} from './register-row-check';

const SCOPE = '/37/3708/370829/';
const VILLAGE: RegisterRegionRef = { id: 'v1', path: `${SCOPE}370829001/370829001001/`, kind: 'village' };
const TOWN: RegisterRegionRef = { id: 't1', path: `${SCOPE}370829001/`, kind: 'town' };
const OUTSIDE: RegisterRegionRef = {
  id: 'v2',
  path: '/37/3708/370830/370830001/370830001001/',
  kind: 'village',
};
const OUTSIDE_TOWN: RegisterRegionRef = { id: 't2', path: '/37/3708/370830/370830001/', kind: 'town' };
const REGIONS = new Map<string, RegisterRegionRef>([
  ['370829001001', VILLAGE],
  ['370829001', TOWN],
  ['370830001001', OUTSIDE],
  ['370830001', OUTSIDE_TOWN],
]);
const SCHOOL: RegisterSchoolRef = { id: 's1', path: `${SCOPE}370829001/` };
const SCHOOLS = new Map<string, RegisterSchoolRef>([['3137000001', SCHOOL]]);

const HOUSEHOLD: RegisterMapping = {
  idNumber: 0,
  fullName: 1,
  sex: 2,
  birthDate: 3,
  hukouRegionCode: 4,
  hukouAddress: 5,
  guardianName: 6,
  guardianPhone: 7,
};
const ENROLMENT: RegisterMapping = {
  studentNumber: 0,
  idNumber: 1,
  fullName: 2,
  sex: 3,
  birthDate: 4,
  schoolCode: 5,
  grade: 6,
  className: 7,
  enrolmentStatus: 8,
};
const LIST: RegisterMapping = { idNumber: 0, fullName: 1, birthDate: 2, hukouRegionCode: 3 };
const CIVIL: RegisterMapping = { ...LIST, category: 4 };

function checker(kind: RegisterKind, mapping: RegisterMapping, more: Partial<RegisterRowCheckContext> = {}) {
  const columnCount = Math.max(...Object.values(mapping).map((c) => (c ?? 0) + 1));
  return registerRowChecker({
    kind,
    mapping,
    columnCount,
    regionPath: SCOPE,
    today: '2026-06-01',
    region: (code) => REGIONS.get(code),
    school: (code) => SCHOOLS.get(code),
    ...more,
  });
}

const household = checker('household', HOUSEHOLD);
const enrolment = checker('enrolment', ENROLMENT);

const id = (birth: string, seq: number) => composeIdNumber('370829', birth, seq);
const A = id('20150304', 11);
const badChecksum = (value: string) => value.slice(0, 17) + (value[17] === '0' ? '1' : '0');

/** A clean household row with some cells replaced. */
function houseRow(changes: Record<number, string | null> = {}): (string | null)[] {
  const row: (string | null)[] = [
    A,
    '张三',
    '男',
    '2015-03-04',
    '370829001001',
    '一号',
    '张父',
    '13800000000',
  ];
  for (const [i, v] of Object.entries(changes)) row[Number(i)] = v;
  return row;
}

const problems = (row: RegisterCheckedRow) => row.problems.map((p) => `${p.field} ${p.rule} ${p.value}`);

describe('registerRowChecker', () => {
  describe('household', () => {
    it('derives a clean row', () => {
      expect(household(houseRow())).toEqual({
        valid: true,
        problems: [],
        idNumber: A,
        idMasked: maskIdNumber(A),
        studentNumber: null,
        fullName: '张三',
        sex: 'male',
        birthDate: '2015-03-04',
        hukouRegionId: 'v1',
        regionPath: VILLAGE.path,
        address: '一号',
        guardianName: '张父',
        guardianPhone: '13800000000',
        className: null,
        schoolId: null,
        grade: null,
        enrolmentStatus: null,
        flag: null,
      });
    });

    it('trims cells (ASCII, NBSP, U+3000, U+FEFF) and reads the other date forms, lower-case x and sex codes', () => {
      const withX =
        Array.from({ length: 200 }, (_, i) => id('20160101', i)).find((v) => v.endsWith('X')) ?? '';
      expect(withX).toMatch(/^\d{17}X$/);
      const row = household(
        houseRow({
          0: ` ${withX.toLowerCase()}\u3000`,
          1: '\u3000李四\u00a0',
          2: '2',
          3: '\ufeff2016/1/1 ',
          4: '\t370829001001\n',
          5: '',
          6: null,
          7: '   ',
        }),
      );
      expect(row).toEqual(
        expect.objectContaining({
          valid: true,
          problems: [],
          idNumber: withX,
          idMasked: maskIdNumber(withX),
          fullName: '李四',
          sex: 'female',
          birthDate: '2016-01-01',
          address: null,
          guardianName: null,
          guardianPhone: null,
        }),
      );
    });

    it('reports every rule of the kind in field order, showing the raw cell', () => {
      const long = '长'.repeat(51);
      expect(problems(household(houseRow({ 0: '', 1: '', 2: null, 3: ' ', 4: '' })))).toEqual([
        'fullName required ',
        'sex required null',
        'birthDate required  ',
        'hukouRegionCode required ',
      ]);
      const row = household([
        '',
        ` ${long}`,
        ' 未知',
        '2023-02-30 ',
        '999999999999',
        'x'.repeat(201),
        'y'.repeat(101),
        'z'.repeat(101),
      ]);
      expect(problems(row)).toEqual([
        `fullName too_long  ${long}`,
        'sex sex  未知',
        'birthDate date 2023-02-30 ',
        'hukouRegionCode region_unknown 999999999999',
        `hukouAddress too_long ${'x'.repeat(201)}`,
        `guardianName too_long ${'y'.repeat(101)}`,
        `guardianPhone too_long ${'z'.repeat(101)}`,
      ]);
      expect(row.valid).toBe(false);
      expect(row.fullName).toBe(long);
      expect(row.sex).toBeNull();
      expect(row.birthDate).toBeNull();
      expect(row.hukouRegionId).toBeNull();
      expect(row.regionPath).toBe(SCOPE);
    });

    it('needs a village in scope; the derived region is the code’s region whatever its kind', () => {
      const town = household(houseRow({ 4: '370829001' }));
      expect(problems(town)).toEqual(['hukouRegionCode region_unknown 370829001']);
      expect(town).toMatchObject({ valid: false, hukouRegionId: 't1', regionPath: TOWN.path });
      // A town outside the scope is unknown (not a village), not out of scope.
      expect(problems(household(houseRow({ 4: '370830001' })))).toEqual([
        'hukouRegionCode region_unknown 370830001',
      ]);
      const outside = household(houseRow({ 4: ' 370830001001' }));
      expect(problems(outside)).toEqual(['hukouRegionCode region_out_of_scope  370830001001']);
      expect(outside).toMatchObject({ valid: false, hukouRegionId: 'v2', regionPath: OUTSIDE.path });
    });

    it('keeps a row whose ID is only malformed (warnings), without the number, the value masked', () => {
      const checksum = household(houseRow({ 0: badChecksum(A) }));
      expect(problems(checksum)).toEqual([`idNumber id_checksum ${maskIdNumber(badChecksum(A))}`]);
      expect(checksum).toMatchObject({ valid: true, idNumber: null, idMasked: null });
      expect(problems(household(houseRow({ 0: '12345' })))).toEqual(['idNumber id_format *****']);
      // A birth-date problem is id_format; spaces inside a shorter cell are removed first.
      const feb30 = composeIdNumber('370829', '20150230', 11);
      expect(problems(household(houseRow({ 0: feb30 })))).toEqual([
        `idNumber id_format ${maskIdNumber(feb30)}`,
      ]);
      const spaced = `${A.slice(0, 6)} ${A.slice(6, 14)}\u3000${A.slice(14)}`;
      expect(household(houseRow({ 0: spaced }))).toMatchObject({ problems: [], idNumber: A });
      // 18 characters with a space inside: upper-cased only, so malformed.
      const eighteen = `${A.slice(0, 8)} ${A.slice(9, 17)}x`;
      expect(problems(household(houseRow({ 0: eighteen })))).toEqual([
        `idNumber id_format ${maskIdNumber(eighteen.toUpperCase())}`,
      ]);
      // Years before 1900 are no birth date; there is no upper year bound for an ID.
      const old = composeIdNumber('370829', '18991231', 11);
      expect(problems(household(houseRow({ 0: old })))[0]).toBe(`idNumber id_format ${maskIdNumber(old)}`);
      const far = composeIdNumber('370829', '22000101', 11);
      expect(household(houseRow({ 0: far }))).toMatchObject({ problems: [], idNumber: far });
      expect(household(houseRow({ 0: '' }))).toMatchObject({ problems: [], idNumber: null, idMasked: null });
    });

    it('masks and measures astral characters as PostgreSQL does (code points)', () => {
      const astral = '𠀀'; // U+20000, two UTF-16 units
      expect(codePointLength(astral.repeat(50))).toBe(50);
      expect(household(houseRow({ 1: astral.repeat(50) }))).toMatchObject({ valid: true, problems: [] });
      expect(problems(household(houseRow({ 1: astral.repeat(51) })))).toEqual([
        `fullName too_long ${astral.repeat(51)}`,
      ]);
      expect(household(houseRow({ 1: `${astral.repeat(49)}李` }))).toMatchObject({ valid: true });
      // 17 code points in 18 units: not the 18-character path, so the space goes.
      const cell = `${astral}1234 56789012345`;
      expect(registerIdNormalise(cell)).toBe(`${astral}123456789012345`);
      expect(problems(household(houseRow({ 0: cell })))).toEqual([
        `idNumber id_format ${astral}12345******2345`,
      ]);
      // 18 code points in 19 units: only upper-cased, the space stays.
      expect(registerIdNormalise(`${astral}1234 56789012345x`)).toBe(`${astral}1234 56789012345X`);
      expect(registerMaskId(`${astral}12345678901234567`)).toBe(`${astral}12345********4567`);
      expect(registerMaskId(`${astral}${astral}`)).toBe('**');
    });

    it('reads dates: leap days, the calendar 1900–2199, future dates', () => {
      const birth = (cell: string) => household(houseRow({ 3: cell }));
      expect(birth('2016-02-29').birthDate).toBe('2016-02-29');
      expect(birth('2000.2.29').birthDate).toBe('2000-02-29');
      expect(problems(birth('2015-02-29'))).toEqual(['birthDate date 2015-02-29']);
      expect(problems(birth('1900/2/29'))).toEqual(['birthDate date 1900/2/29']);
      expect(birth('1900-01-01').birthDate).toBe('1900-01-01');
      expect(problems(birth('1899-12-31'))).toEqual(['birthDate date 1899-12-31']);
      expect(problems(birth('2026-06-02'))).toEqual(['birthDate date_future 2026-06-02']);
      expect(birth('2026-06-02').birthDate).toBe('2026-06-02');
      expect(birth('2026-06-01').problems).toEqual([]);
      expect(problems(birth('2199-12-31'))).toEqual(['birthDate date_future 2199-12-31']);
      expect(problems(birth('2200-01-01'))).toEqual(['birthDate date 2200-01-01']);
      expect(problems(birth('2015/03-04'))).toEqual(['birthDate date 2015/03-04']);
    });

    it('finds nothing for prototype keys of the lookup tables', () => {
      const row = household(houseRow({ 2: 'constructor', 4: '__proto__' }));
      expect(problems(row)).toEqual(['sex sex constructor', 'hukouRegionCode region_unknown __proto__']);
      const e = enrolment(['', '', '张三', 'toString', '', '3137000001', '__proto__', '', 'constructor']);
      expect(problems(e)).toEqual([
        'sex sex toString',
        'grade grade __proto__',
        'enrolmentStatus status constructor',
      ]);
      const civil = checker('civil_affairs', CIVIL)(['', '张三', '', '', 'hasOwnProperty']);
      expect(problems(civil)).toEqual(['category category hasOwnProperty']);
      expect(civil.flag).toBeNull();
    });

    it('reads short rows and missing columns as empty cells', () => {
      expect(problems(household(['', '张三']))).toEqual([
        'sex required null',
        'birthDate required null',
        'hukouRegionCode required null',
      ]);
    });
  });

  describe('enrolment', () => {
    it('derives school, grade, status and the region path of the school; never a hukou region', () => {
      const row = enrolment([
        'G001 ',
        A,
        '张三',
        '男',
        '2015-03-04',
        ' 3137000001',
        '初中二年级',
        '2班',
        '在读',
      ]);
      expect(row).toEqual({
        valid: true,
        problems: [],
        idNumber: A,
        idMasked: maskIdNumber(A),
        studentNumber: 'G001',
        fullName: '张三',
        sex: 'male',
        birthDate: '2015-03-04',
        hukouRegionId: null,
        regionPath: SCHOOL.path,
        address: null,
        guardianName: null,
        guardianPhone: null,
        className: '2班',
        schoolId: 's1',
        grade: 8,
        enrolmentStatus: 'in_school',
        flag: null,
      });
      const optional = enrolment(['', '', '李四', '', '', '3137000001', '03', '', '辍学']);
      expect(optional).toMatchObject({
        valid: true,
        studentNumber: null,
        sex: null,
        birthDate: null,
        grade: 3,
        className: null,
        enrolmentStatus: 'dropped_out',
      });
    });

    it('checks the student number length, school, grade and status', () => {
      expect(
        problems(enrolment(['G'.repeat(33), '', '王五', '', '', '0000000000', '10', '', '毕业了'])),
      ).toEqual([
        `studentNumber too_long ${'G'.repeat(33)}`,
        'schoolCode school_unknown 0000000000',
        'grade grade 10',
        'enrolmentStatus status 毕业了',
      ]);
      const empty = enrolment(['', '', '赵六', '', '', '', '', '', '']);
      expect(problems(empty)).toEqual([
        'schoolCode required ',
        'grade required ',
        'enrolmentStatus required ',
      ]);
      expect(empty).toMatchObject({ valid: false, regionPath: SCOPE, schoolId: null });
    });

    it('ignores a mapping of a field the kind does not have', () => {
      const check = checker('enrolment', { ...ENROLMENT, hukouRegionCode: 9, category: 10 });
      const row = check(['', '', '张三', '', '', '3137000001', '1', '', '在校', '370829001001', 'x']);
      expect(row).toMatchObject({ valid: true, hukouRegionId: null, regionPath: SCHOOL.path, flag: null });
    });
  });

  describe('lists', () => {
    it('civil affairs: the category gives the flag; no village code means the import’s region', () => {
      const civil = checker('civil_affairs', CIVIL);
      expect(civil(['', '张三', '2015-03-04', '370829001001', '孤儿'])).toMatchObject({
        valid: true,
        flag: 'orphan',
        hukouRegionId: 'v1',
        regionPath: VILLAGE.path,
      });
      expect(civil(['', '李四', '', '', '低保对象'])).toMatchObject({
        valid: true,
        flag: 'low_income',
        hukouRegionId: null,
        regionPath: SCOPE,
        birthDate: null,
      });
      // A town in scope is a known region for a list (only household needs a village).
      expect(civil(['', '王五', '', '370829001', '富裕户'])).toMatchObject({
        problems: [{ field: 'category', rule: 'category', value: '富裕户' }],
        hukouRegionId: 't1',
        flag: null,
      });
      expect(problems(civil(['', '赵六', '', '370830001', '']))).toEqual([
        'hukouRegionCode region_out_of_scope 370830001',
        'category required ',
      ]);
      expect(problems(civil(['', '赵六', '', '1', '特困']))).toEqual(['hukouRegionCode region_unknown 1']);
    });

    it('poverty monitoring and disability rows carry the list flag', () => {
      expect(checker('poverty_monitoring', LIST)(['', '张三', '', ''])).toMatchObject({
        valid: true,
        flag: 'poverty_monitoring',
        regionPath: SCOPE,
      });
      const disability = checker('disability', { idNumber: 0, fullName: 1 });
      expect(disability(['', '张三'])).toMatchObject({ valid: true, flag: 'disabled', sex: null });
      expect(problems(disability(['', '']))).toEqual(['fullName required ']);
      // Fields the mapping leaves out are not checked, even a required one.
      expect(checker('disability', { idNumber: 0 })([A])).toMatchObject({ valid: true, fullName: '' });
    });
  });

  it('refuses a mapping outside the columns, a bad scope and a bad today', () => {
    expect(() => checker('disability', { fullName: 5 }, { columnCount: 2 })).toThrow(
      /outside the staging columns/,
    );
    expect(() => checker('disability', { fullName: -1 }, { columnCount: 2 })).toThrow(/outside/);
    expect(() => checker('disability', { fullName: 1 }, { regionPath: "/37/'%" })).toThrow(/region path/);
    expect(() => checker('disability', { fullName: 1 }, { today: '2026-02-30' })).toThrow(/today/);
  });
});

describe('row-check tables', () => {
  it('reads grades as registers write them', () => {
    expect(REGISTER_GRADE_TEXTS['1']).toBe(1);
    expect(REGISTER_GRADE_TEXTS['09']).toBe(9);
    expect(REGISTER_GRADE_TEXTS['三年级']).toBe(3);
    expect(REGISTER_GRADE_TEXTS['7年级']).toBe(7);
    expect(REGISTER_GRADE_TEXTS['初一']).toBe(7);
    expect(REGISTER_GRADE_TEXTS['初三']).toBe(9);
    expect(REGISTER_GRADE_TEXTS['初中二年级']).toBe(8);
    expect(REGISTER_GRADE_TEXTS['十年级']).toBeUndefined();
    expect(REGISTER_GRADE_TEXTS['0']).toBeUndefined();
    expect(REGISTER_GRADE_TEXTS['初四']).toBeUndefined();
  });

  it('limits texts to the register_rows columns, and only the ID number problems are warnings', () => {
    expect(REGISTER_TEXT_LIMITS).toEqual({
      fullName: 50,
      hukouAddress: 200,
      guardianName: 100,
      guardianPhone: 100,
      className: 100,
      studentNumber: 32,
    });
    expect(REGISTER_WARNING_RULES).toEqual(['id_format', 'id_checksum']);
  });
});

describe('row-check primitives', () => {
  const cell = (alphabet: string[], maxLength: number) =>
    fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(''));
  const DIGITS = '0123456789'.split('');
  const SPACES = [' ', '\t', '\n', '\u3000', '\u00a0', '\ufeff', '\u2028', '\u200a', '\u0001', '\u200b'];

  it('trims exactly as String.prototype.trim', () => {
    fc.assert(
      fc.property(cell([...SPACES, 'a', '李', '𠀀'], 6), (s) => {
        expect(registerTrim(s)).toBe(s.trim());
      }),
      { seed: 20261202, numRuns: 2000 },
    );
  });

  it('checks ID numbers as idNumberProblem and normalises 18-character cells only by upper case', () => {
    const mutated = fc
      .tuple(
        fc.date({ min: new Date('1890-01-01'), max: new Date('2300-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom('', ...DIGITS, 'X', 'x', ' ', '\u3000', 'a'),
      )
      .map(([date, seq, at, replacement]) => {
        const valid = composeIdNumber('370829', date.toISOString().slice(0, 10).replace(/-/g, ''), seq);
        return valid.slice(0, at) + replacement + valid.slice(at + 1);
      });
    const outcomes = new Set<string | null>();
    fc.assert(
      fc.property(fc.oneof(mutated, cell([...DIGITS, 'X', 'x', ' ', '\u3000', 'a', '-'], 22)), (raw) => {
        const trimmed = raw.trim();
        const n = registerIdNormalise(trimmed);
        expect(n).toBe(trimmed.length === 18 ? trimmed.toUpperCase() : normaliseIdNumber(trimmed));
        expect(registerIdProblem(n)).toBe(idNumberProblem(n));
        expect(registerMaskId(n)).toBe(maskIdNumber(n));
        outcomes.add(idNumberProblem(n));
      }),
      { seed: 20261202, numRuns: 5000 },
    );
    expect(outcomes).toEqual(new Set([null, 'format', 'birth_date', 'checksum']));
  });

  /** The reading of dates with regular expressions (as the retired SQL register_date_digits + calendar). */
  function referenceDate(s: string): string | null {
    const m =
      /^(\d{4})(\d{2})(\d{2})$/.exec(s) ??
      /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s) ??
      /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s) ??
      /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/.exec(s);
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1900 || y > 2199 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }

  it('reads dates as the regular-expression reference', () => {
    const parts = fc
      .tuple(
        cell(DIGITS, 5),
        fc.constantFrom('-', '/', '.', '', ' '),
        cell(DIGITS, 3),
        fc.constantFrom('-', '/', '.', ''),
        cell(DIGITS, 3),
      )
      .map((p) => p.join(''));
    const real = fc
      .tuple(
        fc.integer({ min: 1890, max: 2210 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .chain(([y, m, d]) =>
        fc.constantFrom(
          `${y}-${m}-${d}`,
          `${y}/${m}/${d}`,
          `${y}.${m}.${d}`,
          `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`,
          `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
          `${y}-${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}`,
        ),
      );
    let parsed = 0;
    fc.assert(
      fc.property(fc.oneof(parts, real, cell([...DIGITS, '-', '/', '.', 'a', '𠀀'], 10)), (s) => {
        const expected = referenceDate(s);
        expect(registerDate(s)).toBe(expected);
        if (expected !== null) parsed++;
      }),
      { seed: 20261202, numRuns: 5000 },
    );
    expect(parsed).toBeGreaterThan(500);
    expect(registerDate('20150304')).toBe('2015-03-04');
    expect(registerDate('2015/3/4')).toBe('2015-03-04');
    expect(registerDate('2015.12.31')).toBe('2015-12-31');
    expect(registerDate('2015-3-04')).toBe('2015-03-04');
    expect(registerDate('2015-003-4')).toBeNull();
    expect(registerDate('２０１５-03-04')).toBeNull();
  });
});
