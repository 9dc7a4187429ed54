import type { RegisterEncoding, RegisterFileFormat } from '@baoxue/contracts';
import type { RegisterFileRule } from '@baoxue/domain';
import type { PoolClient } from 'pg';
import type { Readable } from 'node:stream';

/** What a stored file is, read from its first bytes and rows (for the mapping preview). */
export interface RegisterSourceInfo {
  format: RegisterFileFormat;
  /** CSV only: how its bytes are decoded; null for .xlsx. */
  encoding: RegisterEncoding | null;
  headers: string[];
  /** The first data rows as read (raw: the caller masks ID numbers before storing them). */
  sample: string[][];
}

export interface RegisterFileProblem {
  rule: RegisterFileRule;
  /** Plain words for the user, naming what was found (e.g. the row and its column count). */
  message: string;
  /** The file's row (header = 1) when the problem is at one row. */
  row?: number;
}

/** The file cannot be read as a register at all: nothing of it is staged or written. */
export class RegisterFileRejected extends Error {
  constructor(readonly problems: RegisterFileProblem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/** Opens a fresh stream of the stored file's bytes (called once per pass). */
export type OpenFile = () => Readable;

/**
 * Reads the file's kind (CSV by content, .xlsx by its zip signature and workbook), the CSV
 * encoding (UTF-8, with or without BOM, else GB18030/GBK when the bytes decode as such),
 * the header row and the first `sampleRows` data rows. Throws RegisterFileRejected for a
 * 0-byte file, a file that is neither (a PDF, a .xls, an image …), undecodable bytes, or no header.
 */
export declare function inspectRegisterFile(
  open: OpenFile,
  fileName: string,
  sampleRows?: number,
): Promise<RegisterSourceInfo>;

/**
 * COPYs the whole file (header skipped) into `table`, a new UNLOGGED table the function
 * creates with columns `line integer` (the file's row number, header = 1) and `c0 … c{n-1}
 * text`, where n = info.headers.length; streams, so memory stays flat whatever the size.
 * A row whose column count differs from the header's throws RegisterFileRejected
 * (`column_count`, with its row). Returns the number of data rows.
 */
export declare function copyIntoStaging(
  client: PoolClient,
  table: string,
  open: OpenFile,
  info: RegisterSourceInfo,
): Promise<number>;
