import fc from 'fast-check';
import { Readable } from 'node:stream';
import { CsvBlankLines } from './csv-blank-lines';

async function through(bytes: Buffer, columns: number, chunk: number): Promise<string> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: Buffer[] = [];
  for await (const piece of Readable.from(parts).pipe(new CsvBlankLines(columns))) out.push(piece as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('CsvBlankLines', () => {
  it.each([1, 2, 3, 1024])(
    'fills blank lines outside quotes and drops a BOM, in chunks of %i bytes',
    async (chunk) => {
      const csv = '\uFEFFa,b,c\r\n1,"x\r\n\r\ny",3\r\n\r\n4,5,6\n\n\n';
      expect(await through(Buffer.from(csv), 3, chunk)).toBe(
        'a,b,c\r\n1,"x\r\n\r\ny",3\r\n,,\r\n4,5,6\n,,\n,,\n',
      );
    },
  );

  it.each([1, 2, 3, 5, 1024])(
    'does the same for chunks without quotes, in chunks of %i bytes',
    async (chunk) => {
      const csv = 'a,b,c\r\n\r\n1,2,3\r\n\r\n\r\n4,5,6\r\n\n7,8,9\n\n\r\n';
      expect(await through(Buffer.from(csv), 3, chunk)).toBe(
        'a,b,c\r\n,,\r\n1,2,3\r\n,,\r\n,,\r\n4,5,6\r\n,,\n7,8,9\n,,\n,,\r\n',
      );
    },
  );

  it('fills exactly where a line outside quotes starts with CR or LF, whatever the chunks', async () => {
    // The rule stated plainly: after an LF with an even number of quotes before it.
    const expected = (text: string): string => {
      let out = '';
      let quotes = 0;
      for (let i = 0; i < text.length; i++) {
        if (i > 0 && text[i - 1] === '\n' && (text[i] === '\n' || text[i] === '\r') && quotes % 2 === 0)
          out += ',,';
        if (text[i] === '"') quotes++;
        out += text[i];
      }
      return out;
    };
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.constantFrom('a', ',', '"', '\r', '\n', '张'), { maxLength: 60 })
          .map((cs) => cs.join('')),
        fc.integer({ min: 1, max: 70 }),
        async (text, chunk) => {
          if (text.startsWith('\uFEFF')) return;
          expect(await through(Buffer.from(text), 3, chunk)).toBe(expected(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves a one-column file as it is (a blank line is already an empty record)', async () => {
    expect(await through(Buffer.from('a\n1\n\n2\n'), 1, 2)).toBe('a\n1\n\n2\n');
  });

  it('passes a file shorter than a BOM', async () => {
    expect((await through(Buffer.from([0xef]), 2, 1)).length).toBe(1);
  });
});
