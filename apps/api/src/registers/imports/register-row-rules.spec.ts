import { REGISTER_WARNING_RULES } from '@baoxue/domain';
import {
  REGISTER_GRADE_TEXTS,
  registerIdRule,
  registerRowsInsertSql,
  registerValidationSql,
  RegisterRowContext,
} from './register-row-rules';

const ctx: RegisterRowContext = {
  importId: '00000000-0000-0000-0000-000000000001',
  kind: 'household',
  mapping: { idNumber: 0, fullName: 1, sex: 2, birthDate: 3, hukouRegionCode: 4 },
  staging: { table: 'stage_x', columnCount: 5 },
  regionPath: '/37/3708/Z370800001/',
  today: '2026-06-01',
};
const keys = { hmacPads: { inner: Buffer.alloc(64), outer: Buffer.alloc(64) }, idBlockKey: Buffer.alloc(32) };

describe('register row rules', () => {
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

  it('names a malformed ID number id_format and a wrong check character id_checksum, both warnings', () => {
    expect(registerIdRule('format')).toBe('id_format');
    expect(registerIdRule('birth_date')).toBe('id_format');
    expect(registerIdRule('checksum')).toBe('id_checksum');
    expect(REGISTER_WARNING_RULES).toEqual(['id_format', 'id_checksum']);
  });

  it('binds the scope as a LIKE prefix and keeps keys out of the statement text', () => {
    const validation = registerValidationSql(ctx);
    expect(validation.params).toEqual([ctx.importId, '/37/3708/Z370800001/%', '2026-06-01']);
    const insert = registerRowsInsertSql(ctx, keys, 2, 1999);
    expect(insert.params.slice(0, 4)).toEqual([ctx.importId, '/37/3708/Z370800001/%', 2, 1999]);
    expect(insert.params).toContain(keys.idBlockKey);
    expect(insert.sql).not.toContain(keys.idBlockKey.toString('hex'));
  });

  it('refuses a row range that does not start an ID block', () => {
    expect(() => registerRowsInsertSql(ctx, keys, 2, 999)).not.toThrow();
    expect(() => registerRowsInsertSql(ctx, keys, 1000, 1999)).not.toThrow();
    expect(() => registerRowsInsertSql(ctx, keys, 500, 1999)).toThrow(/ID block/);
    expect(() => registerRowsInsertSql(ctx, keys, 1000, 999)).toThrow(/range/);
  });

  it('refuses a staging name, scope or mapping it cannot place safely', () => {
    expect(() => registerValidationSql({ ...ctx, staging: { table: 'a"b', columnCount: 5 } })).toThrow(
      /staging table/,
    );
    expect(() => registerValidationSql({ ...ctx, regionPath: "/37/' OR 1=1" })).toThrow(/region path/);
    expect(() => registerValidationSql({ ...ctx, mapping: { fullName: 5 } })).toThrow(/staging columns/);
    expect(() => registerValidationSql({ ...ctx, mapping: { fullName: 1.5 } })).toThrow(/staging columns/);
  });
});
