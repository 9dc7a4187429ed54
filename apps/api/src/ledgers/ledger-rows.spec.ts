import { endOfChinaDay, LedgerRecord, ledgerRowsSql, shiftYears } from './ledger.query';
import { resolutionOf, schoolingStatus, toLedgerRow } from './ledger-row.presenter';
import { ledgerColumns } from './ledger-columns';

const record = (over: Partial<LedgerRecord> = {}): LedgerRecord => ({
  student_id: 's1',
  full_name: '张小明',
  sex: 'male',
  birth_date: '2014-03-02',
  id_number_masked: '370829********123X',
  id_number_cipher: null,
  student_number: 'G37082920140302123X',
  school_name: '进士张小学',
  grade: 6,
  class_name: '2班',
  hukou_address: '山东省济宁市嘉祥县疃里镇进士张村37号',
  current_address: null,
  enrolment_status: 'enrolled',
  guardians: [{ name: '张大山', relation: 'father', phone: '13812345678' }],
  case_id: null,
  day_state: null,
  primary_reason: null,
  whereabouts: null,
  dropout_month: null,
  exclusion_reason: null,
  return_date: null,
  return_mode: null,
  placement_type: null,
  placement_date: null,
  closed_on: null,
  responsibles: null,
  persuasion_count: 0,
  last_persuasion_on: null,
  last_persuasion_by: null,
  ...over,
});

describe('ledger rows', () => {
  it('a China day ends at 16:00 UTC', () => {
    expect(endOfChinaDay('2026-11-17').toISOString()).toBe('2026-11-17T16:00:00.000Z');
  });

  it('shifts years, 29 February to the 28th in a common year', () => {
    expect(shiftYears('2026-11-17', -6)).toBe('2020-11-17');
    expect(shiftYears('2024-02-29', -6)).toBe('2018-02-28');
    expect(shiftYears('2024-02-29', -4)).toBe('2020-02-29');
  });

  it('an open case on the day wins over the 学籍 record', () => {
    expect(schoolingStatus(record())).toBe('enrolled');
    expect(schoolingStatus(record({ day_state: 'verifying' }))).toBe('suspected');
    expect(schoolingStatus(record({ day_state: 'persuading' }))).toBe('persuading');
    expect(schoolingStatus(record({ day_state: 'closed', enrolment_status: 'not_enrolled' }))).toBe(
      'not_enrolled',
    );
  });

  it('shows a return only once it happened by the day', () => {
    const returned = record({
      day_state: 'monitoring',
      return_date: '2026-11-01',
      return_mode: 'original_class',
    });
    expect(resolutionOf(returned, '2026-11-02')).toBe('复学（回原班） 2026-11-01');
    expect(
      resolutionOf(record({ day_state: 'persuading', return_date: '2026-11-01' }), '2026-10-30'),
    ).toBeNull();
    expect(resolutionOf(record({ day_state: 'excluded', exclusion_reason: 'deceased' }), '2026-11-02')).toBe(
      '核查排除：死亡',
    );
  });

  it('masks the JSON row: 学籍号, address, phones', () => {
    const row = toLedgerRow(record(), '2026-11-17', true);
    expect(row.studentNumberMasked).toBe('G370829********123X');
    expect(row.hukouAddressMasked).toBe('山东省济宁市嘉祥县疃里镇进士张村***');
    expect(row.guardians).toEqual([{ fullName: '张大山', relation: 'father', phoneMasked: '138****5678' }]);
  });

  it('reveals in the workbook only when asked', () => {
    const columns = ledgerColumns('school_age');
    const cell = (header: string, reveal: boolean) =>
      columns
        .find((c) => c.header === header)
        ?.value(record(), { day: '2026-11-17', reveal, idNumber: reveal ? '37082920140302123X' : null });
    expect(cell('身份证号', false)).toBe('370829********123X');
    expect(cell('身份证号', true)).toBe('37082920140302123X');
    expect(cell('监护人及联系电话', false)).toBe('张大山（父亲） 138****5678');
    expect(cell('就学状态', false)).toBe('在校');
  });

  it('selects the cipher only when revealing', () => {
    const spec = {
      kind: 'suspected' as const,
      node: { kind: 'town' as const, id: 'x', path: '/37/' },
      date: '2026-11-17',
    };
    expect(ledgerRowsSql(spec, { reveal: false }).sql).not.toContain('s.id_number_cipher');
    expect(ledgerRowsSql(spec, { reveal: true }).sql).toContain('s.id_number_cipher');
  });
});
