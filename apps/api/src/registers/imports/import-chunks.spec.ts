import { coversOnce, rangesToWrite } from './import-chunks';

describe('import chunks', () => {
  it('cuts rows 2…last at multiples of the chunk size', () => {
    expect(rangesToWrite(2501, 1000, [])).toEqual([
      { first: 2, last: 999 },
      { first: 1000, last: 1999 },
      { first: 2000, last: 2501 },
    ]);
    expect(rangesToWrite(2, 1000, [])).toEqual([{ first: 2, last: 2 }]);
  });

  it('skips what is recorded, even when it was cut at another size', () => {
    const recorded = [
      { first: 2, last: 1999 },
      { first: 4000, last: 5999 },
    ];
    expect(rangesToWrite(6500, 1000, recorded)).toEqual([
      { first: 2000, last: 2999 },
      { first: 3000, last: 3999 },
      { first: 6000, last: 6500 },
    ]);
    // A larger size now: the gap is still cut so that no range crosses a recorded chunk.
    expect(rangesToWrite(6500, 5000, recorded)).toEqual([
      { first: 2000, last: 3999 },
      { first: 6000, last: 6500 },
    ]);
    expect(rangesToWrite(1999, 1000, [{ first: 2, last: 1999 }])).toEqual([]);
  });

  it('tells whether the recorded chunks cover every row once', () => {
    expect(
      coversOnce(2501, [
        { first: 2, last: 999 },
        { first: 1000, last: 2501 },
      ]),
    ).toBe(true);
    expect(coversOnce(2501, [{ first: 2, last: 999 }])).toBe(false);
    expect(
      coversOnce(2501, [
        { first: 2, last: 1999 },
        { first: 1000, last: 2501 },
      ]),
    ).toBe(false);
    expect(coversOnce(2501, [{ first: 3, last: 2501 }])).toBe(false);
  });
});
