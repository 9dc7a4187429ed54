import { StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `attachment` naming the file in ASCII (a fallback) and in UTF-8 (RFC 5987). */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A workbook download: its bytes (with their length) or a stream, named in both encodings. */
export function xlsxFile(body: Buffer | Readable, fileName: string): StreamableFile {
  const options = { type: XLSX_TYPE, disposition: attachment(fileName) };
  return Buffer.isBuffer(body)
    ? new StreamableFile(body, { ...options, length: body.length })
    : new StreamableFile(body, options);
}
