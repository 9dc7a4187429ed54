/** A range of file rows (header = row 1) one transaction of the import job writes. */
export interface RowRange {
  first: number;
  last: number;
}

/**
 * The ranges still to write of data rows 2…lastRow: rows no recorded chunk covers, cut at
 * multiples of `size` (a multiple of the ID block, so every range starts a block). Recorded
 * chunks are taken as they are, whatever size they were cut at: a resumed import whose chunk
 * size was changed meanwhile writes only what is missing, never a row twice.
 */
export function rangesToWrite(lastRow: number, size: number, recorded: readonly RowRange[]): RowRange[] {
  if (!Number.isInteger(size) || size < 1) throw new Error('invalid chunk size');
  const done = [...recorded].sort((a, b) => a.first - b.first);
  const ranges: RowRange[] = [];
  const cut = (first: number, last: number) => {
    for (let start = first; start <= last; start = (Math.floor(start / size) + 1) * size) {
      ranges.push({ first: start, last: Math.min((Math.floor(start / size) + 1) * size - 1, last) });
    }
  };
  let next = 2;
  for (const chunk of done) {
    if (chunk.first > next) cut(next, Math.min(chunk.first - 1, lastRow));
    next = Math.max(next, chunk.last + 1);
  }
  if (next <= lastRow) cut(next, lastRow);
  return ranges;
}

/** Whether the recorded chunks cover rows 2…lastRow exactly once. */
export function coversOnce(lastRow: number, recorded: readonly RowRange[]): boolean {
  const done = [...recorded].sort((a, b) => a.first - b.first);
  let next = 2;
  for (const chunk of done) {
    if (chunk.first !== next || chunk.last < chunk.first) return false;
    next = chunk.last + 1;
  }
  return next === lastRow + 1;
}
