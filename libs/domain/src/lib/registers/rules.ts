import { LabelTable } from '../labels';

/**
 * Why an import's row, or the whole file, was refused. Row rules are checked for every row
 * in the dry run; file rules stop the file before any row is read.
 */
export const REGISTER_ROW_RULES = [
  'required',
  'id_format',
  'id_checksum',
  'date',
  'date_future',
  'sex',
  'region_unknown',
  'region_out_of_scope',
  'school_unknown',
  'grade',
  'status',
  'category',
  'duplicate',
  'too_long',
] as const;
export type RegisterRowRule = (typeof REGISTER_ROW_RULES)[number];

/**
 * Problems that do not stop a row: a child whose ID number is malformed is still a child to
 * find, so the row is kept without the number and matched by name + birth date + village,
 * as a candidate a person confirms. Every other row rule keeps the row out of the register.
 */
export const REGISTER_WARNING_RULES: readonly RegisterRowRule[] = ['id_format', 'id_checksum'];

export function isRegisterWarning(rule: RegisterRule): boolean {
  return (REGISTER_WARNING_RULES as readonly string[]).includes(rule);
}

export const REGISTER_FILE_RULES = [
  'empty_file',
  'no_rows',
  'not_spreadsheet',
  'encoding',
  'missing_column',
  'unknown_column',
  'column_twice',
  'column_count',
  'too_large',
] as const;
export type RegisterFileRule = (typeof REGISTER_FILE_RULES)[number];

export type RegisterRule = RegisterRowRule | RegisterFileRule;

export const REGISTER_RULE_LABELS: LabelTable<RegisterRule> = {
  required: { zh: '必填项为空', en: 'Required value is empty' },
  id_format: { zh: '身份证号格式不正确（应为18位）', en: 'ID number is not 18 characters of the right form' },
  id_checksum: { zh: '身份证号校验位错误', en: 'ID number check digit is wrong' },
  date: { zh: '日期不存在或格式不对（应为 YYYY-MM-DD）', en: 'Not a real date (YYYY-MM-DD)' },
  date_future: { zh: '日期晚于今天', en: 'Date is in the future' },
  sex: { zh: '性别应为“男”或“女”', en: 'Sex must be 男 or 女' },
  region_unknown: { zh: '区划代码不存在', en: 'Unknown region code' },
  region_out_of_scope: { zh: '区划不在本次导入的范围内', en: 'Region is outside the import’s scope' },
  school_unknown: { zh: '学校标识码不存在或不在范围内', en: 'Unknown school code, or outside the scope' },
  grade: { zh: '年级应为1–9', en: 'Grade must be 1–9' },
  status: { zh: '学籍状态无法识别', en: 'Unknown enrolment status' },
  category: { zh: '类别无法识别', en: 'Unknown category' },
  duplicate: { zh: '与本文件其他行重复', en: 'Duplicates another row of this file' },
  too_long: { zh: '内容过长', en: 'Value is too long' },
  empty_file: { zh: '文件为空（0字节）', en: 'The file is empty (0 bytes)' },
  no_rows: { zh: '文件没有数据行', en: 'The file has no data rows' },
  not_spreadsheet: { zh: '不是CSV或Excel（.xlsx）文件', en: 'Not a CSV or Excel (.xlsx) file' },
  encoding: {
    zh: '文件编码无法识别（请另存为UTF-8或GBK）',
    en: 'Unreadable encoding (save as UTF-8 or GBK)',
  },
  missing_column: { zh: '缺少必需的列', en: 'A required column is missing' },
  unknown_column: { zh: '映射的列不存在', en: 'The mapped column does not exist' },
  column_twice: { zh: '同一列映射了两个字段', en: 'One column is mapped to two fields' },
  column_count: {
    zh: '该行列数与表头不一致',
    en: 'The row has a different number of columns from the header',
  },
  too_large: { zh: '文件过大', en: 'The file is too large' },
};
