import { parseRow, sheetDate } from './attendance-row';

const TODAY = '2026-12-02';
const good = {
  date: '2026-11-30',
  grade: '3',
  className: '1班',
  name: '张三',
  studentNumber: 'G370829201501010011',
  mark: '出勤',
};
const rules = (cells: Record<string, string>) =>
  parseRow({ row: 7, cells }, TODAY).problems.map((p) => [p.row, p.field, p.rule]);

describe('an attendance sheet row', () => {
  it('reads dates written the ways sheets write them, and no impossible day', () => {
    expect(sheetDate('2026-03-02')).toBe('2026-03-02');
    expect(sheetDate('2026/3/2')).toBe('2026-03-02');
    expect(sheetDate('2026.03.2')).toBe('2026-03-02');
    expect(sheetDate('2026-02-30')).toBeNull();
    expect(sheetDate('3/2/2026')).toBeNull();
  });

  it('takes the Chinese labels and the English codes of marks and reasons', () => {
    expect(parseRow({ row: 2, cells: { ...good, mark: '无故缺勤' } }, TODAY).parsed?.mark).toBe('unexcused');
    expect(parseRow({ row: 2, cells: { ...good, mark: 'Late' } }, TODAY).parsed?.mark).toBe('late');
    const excused = parseRow(
      { row: 2, cells: { ...good, mark: '请假', excuseReason: '病假' } },
      TODAY,
    ).parsed;
    expect(excused).toMatchObject({ mark: 'excused', excuseReason: 'sick', grade: 3 });
    expect(parseRow({ row: 2, cells: { ...good, grade: '3年级' } }, TODAY).parsed?.grade).toBe(3);
  });

  it('names the row, the column and the rule of each problem', () => {
    expect(rules(good)).toEqual([]);
    expect(rules({ ...good, date: '2026-12-03' })).toEqual([[7, '日期', 'notFuture']]);
    expect(rules({ ...good, date: '' })).toEqual([[7, '日期', 'required']]);
    expect(rules({ ...good, grade: '10' })).toEqual([[7, '年级', 'grade']]);
    expect(rules({ ...good, mark: '旷课' })).toEqual([[7, '考勤', 'isIn']]);
    expect(rules({ ...good, mark: '请假' })).toEqual([[7, '请假原因', 'requiredWhenExcused']]);
    expect(rules({ ...good, excuseReason: '病假' })).toEqual([[7, '请假原因', 'onlyWhenExcused']]);
    expect(rules({ ...good, studentNumber: '', idNumber: '' })).toEqual([[7, '学籍号', 'required']]);
    expect(rules({ ...good, studentNumber: '', idNumber: '370829201501010012' })).toEqual([
      [7, '身份证号', 'idNumber'],
    ]);
  });
});
