import { maskAddress, maskName, maskStudentNumber } from './student-masking';

describe('student masking', () => {
  it('masks a G student number like an ID number and leaves a J-number', () => {
    expect(maskStudentNumber('G37082920150304123X')).toBe('G370829********123X');
    expect(maskStudentNumber('J3708291234567')).toBe('J3708291234567');
  });

  it('masks an address below the village, or the town without a village', () => {
    expect(maskAddress('山东省济宁市嘉祥县疃里镇进士张村37号')).toBe('山东省济宁市嘉祥县疃里镇进士张村***');
    expect(maskAddress('山东省济宁市嘉祥县疃里镇幸福路8号')).toBe('山东省济宁市嘉祥县疃里镇***');
    expect(maskAddress('某处8号')).toBe('***');
  });

  it('keeps only the family name', () => {
    expect(maskName('李小明')).toBe('李**');
    expect(maskName('李')).toBe('*');
  });
});
