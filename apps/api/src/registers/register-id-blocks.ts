import { Injectable } from '@nestjs/common';
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { AppConfig } from '../config/app-config';

/** Rows per encrypted block of full ID numbers: one cipher operation per block, not per row. */
export const REGISTER_ID_BLOCK_ROWS = 1000;

/**
 * Full ID numbers of register rows at rest: the rows keep the keyed hash (to match) and the
 * masked form (to show); the numbers themselves are needed only to open a record for a child
 * found in 户籍 alone, so they are stored AES-256-CBC encrypted per block of
 * REGISTER_ID_BLOCK_ROWS rows (pgcrypto, random IV per block), each block's plaintext being
 * `row_number:id` lines. The key derives from DATA_KEY like the students' own keys.
 */
@Injectable()
export class RegisterIdBlocks {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    const master = Buffer.from(config.DATA_KEY, 'base64');
    this.key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'baoxue:register-ids:encrypt', 32));
  }

  /** The key, for the SQL that writes the blocks (a bind parameter, never in the statement text). */
  sqlKey(): Buffer {
    return this.key;
  }

  /** The block a row's number falls in. */
  static blockOf(rowNumber: number): number {
    return Math.floor(rowNumber / REGISTER_ID_BLOCK_ROWS);
  }

  /** One block's ID numbers by row number. */
  decrypt(iv: Buffer, cipher: Buffer): Map<number, string> {
    const decipher = createDecipheriv('aes-256-cbc', this.key, iv);
    const text = Buffer.concat([decipher.update(cipher), decipher.final()]).toString('utf8');
    const ids = new Map<number, string>();
    for (const line of text.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) ids.set(Number(line.slice(0, colon)), line.slice(colon + 1));
    }
    return ids;
  }
}

/**
 * The SQL expression of a block's plaintext, for a query grouped by block: its rows'
 * `row_number:id` lines in row order, as UTF-8 bytes (what decrypt reads back).
 */
export function registerIdBlockPlainSql(rowNumber: string, idNumber: string): string {
  return `convert_to(string_agg(${rowNumber}::text || ':' || ${idNumber}, E'\\n' ORDER BY ${rowNumber}), 'UTF8')`;
}

/**
 * The SQL expression that encrypts a block, for an INSERT … SELECT grouped by block:
 * `$key` is sqlKey(); `rowNumber` and `idNumber` are the grouped rows' columns.
 */
export function registerIdBlockCipherSql(
  keyParam: string,
  ivExpr: string,
  rowNumber: string,
  idNumber: string,
): string {
  return `encrypt_iv(${registerIdBlockPlainSql(rowNumber, idNumber)}, ${keyParam}, ${ivExpr}, 'aes-cbc/pad:pkcs')`;
}
