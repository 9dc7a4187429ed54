import type { RegisterEncoding } from '@baoxue/contracts';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
}

function decodes(encoding: RegisterEncoding, bytes: Uint8Array, complete: boolean): boolean {
  try {
    // `stream` while more bytes follow: a character cut at the end of the sniffed bytes is not an error.
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * A CSV's encoding from its first bytes: UTF-8 when it has the BOM or its bytes are valid
 * UTF-8 (ASCII included), else GB18030 (a superset of GBK, what Chinese Excel saves) when
 * they decode as that; null when neither.
 */
export function detectCsvEncoding(head: Uint8Array, complete: boolean): RegisterEncoding | null {
  if (hasUtf8Bom(head)) return 'utf-8';
  if (decodes('utf-8', head, complete)) return 'utf-8';
  // UTF-8 bytes mostly decode as GB18030 too (as nonsense): a file that starts as clear UTF-8
  // and then has a bad byte is UTF-8 with a fault, reported at that byte's row.
  if (utf8CharactersBeforeFault(head) >= UTF8_EVIDENCE) return 'utf-8';
  if (decodes('gb18030', head, complete)) return 'gb18030';
  return null;
}

/**
 * Characters beyond ASCII that decode as UTF-8 before its first invalid byte. GBK text
 * seldom forms even one valid UTF-8 sequence, let alone several in a row.
 */
const UTF8_EVIDENCE = 3;

function utf8CharactersBeforeFault(head: Uint8Array): number {
  const text = new TextDecoder('utf-8').decode(head);
  const fault = text.indexOf('\uFFFD');
  let count = 0;
  for (let i = 0; i < (fault < 0 ? text.length : fault); i++) if (text.charCodeAt(i) > 0x7f) count++;
  return count;
}

/** The line (1-based) of the first byte in `bytes` that does not decode, if any. */
export function faultLine(bytes: Uint8Array, encoding: RegisterEncoding): number | undefined {
  const text = new TextDecoder(encoding).decode(bytes, { stream: true });
  const fault = text.indexOf('\uFFFD');
  if (fault < 0) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < fault; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Thrown when bytes past the sniffed start do not decode. */
export class UndecodableBytes extends Error {}

const DECODE_SLICE = 16 * 1024;

/** Decodes a byte stream to text, failing on bytes that are not of the encoding. */
export async function* decodeText(
  source: AsyncIterable<Buffer>,
  encoding: RegisterEncoding,
  /** Told of undecodable bytes however a consumer wraps the error. */
  onFault?: () => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch (error) {
      onFault?.();
      throw new UndecodableBytes(error instanceof Error ? error.message : String(error));
    }
  };
  for await (const chunk of source) {
    // In slices, so a reader that stops after a few rows never decodes (or trips on) the rest.
    for (let i = 0; i < chunk.length; i += DECODE_SLICE) yield decode(chunk.subarray(i, i + DECODE_SLICE));
  }
  yield decode();
}
