import { composeIdNumber } from '@baoxue/domain';
import { maskIdLike, maskSample, rowProblem, stagingTable } from './register-import-problems';

describe('register import problems', () => {
  const id = composeIdNumber('370829', '2016-03-04', 12);

  it('masks every cell that looks like an ID number (15 or 18 characters), nothing else', () => {
    expect(maskIdLike(id)).toBe(`370829********${id.slice(-4)}`);
    expect(maskIdLike('370829160304123')).toBe('370829*****4123');
    expect(maskIdLike('37082920160304123x')).toMatch(/^370829\*{8}123x$/);
    expect(maskIdLike('370829104209')).toBe('370829104209');
    expect(maskIdLike('张三')).toBe('张三');
    expect(maskSample([[id, '张三', '2016-03-04']])).toEqual([[maskIdLike(id), '张三', '2016-03-04']]);
  });

  it('names the column, the severity and the Chinese message of a stored problem', () => {
    const problem = rowProblem(
      { row_number: 3, field: 'idNumber', rule: 'id_checksum', value: id },
      { idNumber: 0, fullName: 1 },
      ['身份证号', '姓名'],
    );
    expect(problem).toEqual({
      row: 3,
      field: 'idNumber',
      column: '身份证号',
      rule: 'id_checksum',
      severity: 'warning',
      message: '身份证号校验位错误',
      value: maskIdLike(id),
    });
    expect(rowProblem({ row_number: 4, field: 'birthDate', rule: 'date', value: 'x' }, {}, []).severity).toBe(
      'error',
    );
  });

  it('names the staging table after the import, refusing anything but a UUID', () => {
    expect(stagingTable('0f8b1e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b')).toBe(
      'register_staging_0f8b1e2a3c4d4e5f8a9b0c1d2e3f4a5b',
    );
    expect(() => stagingTable('x; DROP TABLE users')).toThrow();
  });
});
