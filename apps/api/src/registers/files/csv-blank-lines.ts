import { Transform, TransformCallback } from 'node:stream';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF_LF = Buffer.from([LF, LF]);
const LF_CR = Buffer.from([LF, CR]);

/**
 * Passes a CSV's raw bytes on for PostgreSQL's COPY, with two changes: a UTF-8 BOM is
 * dropped, and a blank line (outside quotes) becomes a record of empty fields. COPY stops at
 * a blank line ("missing data for column"), yet files often end with one or two, and a
 * record of empty fields is skipped by the COPY's WHERE while still counting its line, so
 * every later row keeps the number the user sees. Quote, CR and LF bytes never occur inside
 * a UTF-8 or GB18030 multibyte character, so scanning bytes is safe for both.
 */
export class CsvBlankLines extends Transform {
  private readonly emptyRecord: Buffer;
  private first = true;
  /** The first bytes, while fewer than a BOM's three. */
  private pendingStart: Buffer = Buffer.alloc(0);
  private inQuotes = false;
  /** At the start of a line, outside quotes: an end of line here ends a blank line. */
  private lineStart = false;
  /** This blank line already got its empty record (at its CR, before its LF). */
  private filled = false;

  constructor(columns: number) {
    super();
    this.emptyRecord = Buffer.from(','.repeat(Math.max(columns - 1, 0)));
    // With one column an empty record is an empty line, which COPY reads as NULL: nothing to add.
    if (columns <= 1) this.emptyRecord = Buffer.alloc(0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let bytes = chunk;
    if (this.first) {
      if (this.pendingStart.length > 0) bytes = Buffer.concat([this.pendingStart, bytes]);
      if (bytes.length < 3 && BOM.subarray(0, bytes.length).equals(bytes)) {
        // Too short to tell whether a BOM starts the file: wait for more bytes.
        this.pendingStart = bytes;
        return done();
      }
      this.first = false;
      this.pendingStart = Buffer.alloc(0);
      if (bytes.subarray(0, 3).equals(BOM)) bytes = bytes.subarray(3);
    }
    if (this.emptyRecord.length === 0) return done(null, bytes);
    if (!this.inQuotes && !bytes.includes(QUOTE)) return done(null, this.unquoted(bytes));
    let inQuotes = this.inQuotes;
    let lineStart = this.lineStart;
    let filled = this.filled;
    let from = 0;
    const out: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (inQuotes) {
        if (b === QUOTE) inQuotes = false;
        continue;
      }
      if (b === LF) {
        if (lineStart && !filled) {
          out.push(bytes.subarray(from, i), this.emptyRecord);
          from = i;
        }
        lineStart = true;
        filled = false;
      } else if (b === CR) {
        if (lineStart && !filled) {
          out.push(bytes.subarray(from, i), this.emptyRecord);
          from = i;
          filled = true;
        }
      } else {
        lineStart = false;
        if (b === QUOTE) inQuotes = true;
      }
    }
    this.inQuotes = inQuotes;
    this.lineStart = lineStart;
    this.filled = filled;
    if (out.length === 0) return done(null, bytes);
    out.push(bytes.subarray(from));
    done(null, Buffer.concat(out));
  }

  /**
   * The same as the byte loop for a chunk without quotes (most chunks of most registers),
   * found with native searches: a blank line follows every "\n\n" or "\n\r".
   */
  private unquoted(bytes: Buffer): Buffer {
    const at: number[] = [];
    if (this.lineStart && !this.filled && (bytes[0] === LF || bytes[0] === CR)) at.push(0);
    for (const needle of [LF_LF, LF_CR]) {
      for (let p = bytes.indexOf(needle); p >= 0; p = bytes.indexOf(needle, p + 1)) at.push(p + 1);
    }
    let last = bytes.length - 1;
    while (last >= 0 && bytes[last] === CR) last--;
    if (last < 0) {
      this.filled ||= this.lineStart && bytes.length > 0;
    } else if (bytes[last] === LF) {
      this.lineStart = true;
      this.filled = last < bytes.length - 1;
    } else {
      this.lineStart = false;
      this.filled = false;
    }
    if (at.length === 0) return bytes;
    at.sort((a, b) => a - b);
    const out: Buffer[] = [];
    let from = 0;
    for (const p of at) {
      out.push(bytes.subarray(from, p), this.emptyRecord);
      from = p;
    }
    out.push(bytes.subarray(from));
    return Buffer.concat(out);
  }

  override _flush(done: TransformCallback): void {
    // A file of one or two bytes that began like a BOM.
    done(null, this.first && this.pendingStart.length > 0 ? this.pendingStart : undefined);
  }
}
