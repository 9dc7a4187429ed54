import { chinaToday } from '../../dashboard/dashboard-links';

/** The columns the import reads, in the order the template gives them. */
export const IMPORT_COLUMNS = [
  '日期',
  '年级',
  '班级',
  '姓名',
  '学籍号',
  '身份证号',
  '考勤',
  '请假原因',
  '备注',
] as const;

export const TEMPLATE_FILE_NAME = '考勤导入模板.csv';

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The import template as CSV text: the header and two example rows (one present, one
 * excused with its reason). A BOM so Excel opens the Chinese headers as UTF-8.
 */
export function attendanceTemplateCsv(today = chinaToday()): string {
  const rows: string[][] = [
    [...IMPORT_COLUMNS],
    [today, '3', '1班', '张三', 'G370800201601010011', '', '出勤', '', ''],
    [today, '3', '1班', '李四', '', '', '请假', '病假', '发烧'],
  ];
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Saves the template through a temporary link (no server round trip). */
export function downloadTemplate(doc: Document = document): void {
  const blob = new Blob([attendanceTemplateCsv()], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = TEMPLATE_FILE_NAME;
  doc.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** An .xlsx or .csv by its name (the server checks the content). */
export function isSpreadsheetName(name: string): boolean {
  return /\.(xlsx|csv)$/i.test(name);
}
