import { REGISTER_RULE_LABELS } from '@baoxue/domain';

/** How many leading bytes are read to tell a file's kind and a CSV's encoding. */
export const SNIFF_BYTES = 64 * 1024;

export type SniffedKind =
  | { kind: 'xlsx' }
  | { kind: 'csv' }
  /** Not a register file: says what it looks like, for the user. */
  | { kind: 'other'; rule: 'not_spreadsheet' | 'encoding'; looksLike: string };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];

/** Known signatures of files people upload by mistake, with what to tell them. */
const NOT_SPREADSHEETS: { bytes: number[]; looksLike: string }[] = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    looksLike:
      '旧版 Excel .xls（或其他 Office 97–2003 文件）：请另存为 .xlsx 或 CSV (an old .xls: save as .xlsx or CSV)',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], looksLike: 'PDF 文件 (a PDF)' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], looksLike: 'PNG 图片 (a PNG image)' },
  { bytes: [0xff, 0xd8, 0xff], looksLike: 'JPEG 图片 (a JPEG image)' },
  { bytes: [0x47, 0x49, 0x46, 0x38], looksLike: 'GIF 图片 (a GIF image)' },
  { bytes: [0x52, 0x61, 0x72, 0x21], looksLike: 'RAR 压缩包 (a RAR archive)' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], looksLike: '7z 压缩包 (a 7z archive)' },
  { bytes: [0x1f, 0x8b], looksLike: 'gzip 压缩包 (a gzip archive)' },
];

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** Tells a file's kind from its first bytes (never empty). */
export function sniffFileKind(head: Uint8Array): SniffedKind {
  if (startsWith(head, ZIP)) return { kind: 'xlsx' };
  if (startsWith(head, EMPTY_ZIP))
    return { kind: 'other', rule: 'not_spreadsheet', looksLike: '空的压缩包 (an empty zip)' };
  for (const known of NOT_SPREADSHEETS) {
    if (startsWith(head, known.bytes))
      return { kind: 'other', rule: 'not_spreadsheet', looksLike: known.looksLike };
  }
  // Excel's “Unicode text” export: readable once saved again as UTF-8, so an encoding problem.
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    return { kind: 'other', rule: 'encoding', looksLike: 'UTF-16 编码的文本 (UTF-16 text)' };
  }
  // Many systems export an HTML table (or Excel 2003 XML) under an .xls name.
  const start = Buffer.from(head.subarray(0, 1024))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype html|html|table|\?xml|meta)/.test(start)) {
    return {
      kind: 'other',
      rule: 'not_spreadsheet',
      looksLike:
        '网页或XML文件（常见于导出为 .xls 的系统）：请用Excel打开后另存为 .xlsx 或 CSV (HTML or XML: save as .xlsx or CSV)',
    };
  }
  if (head.subarray(0, SNIFF_BYTES).includes(0)) {
    return { kind: 'other', rule: 'not_spreadsheet', looksLike: '二进制文件 (a binary file)' };
  }
  return { kind: 'csv' };
}

/** A file rule's label, zh first with the English in parentheses, and an optional detail. */
export function fileRuleMessage(rule: keyof typeof REGISTER_RULE_LABELS, detail?: string): string {
  const label = REGISTER_RULE_LABELS[rule];
  const base = `${label.zh} (${label.en})`;
  return detail ? `${base}：${detail}` : base;
}
