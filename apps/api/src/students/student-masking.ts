import { maskIdNumber } from '@baoxue/domain';

/** 学籍号: "G" + ID number is masked like the ID number; a J-number (no usable ID) is shown as is. */
export function maskStudentNumber(value: string): string {
  if (value.startsWith('J')) return value;
  if (/^[A-Z]\d{17}[\dX]$/.test(value)) return value[0] + maskIdNumber(value.slice(1));
  return maskIdNumber(value);
}

const VILLAGE_LEVEL = /村|社区|居委会|居民委员会/;
const TOWN_LEVEL = /^.*(?:镇|乡|街道|办事处)/;

/**
 * An address down to the village: `山东省济宁市嘉祥县疃里镇进士张村37号` →
 * `山东省济宁市嘉祥县疃里镇进士张村***`. Without a village, down to the town; else nothing.
 */
export function maskAddress(value: string): string {
  const village = VILLAGE_LEVEL.exec(value);
  if (village) {
    const end = village.index + village[0].length;
    return end < value.length ? `${value.slice(0, end)}***` : value;
  }
  const town = TOWN_LEVEL.exec(value);
  if (town) return town[0].length < value.length ? `${town[0]}***` : value;
  return '***';
}

/** `张**`: the family name only. */
export function maskName(value: string): string {
  const chars = [...value];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}
