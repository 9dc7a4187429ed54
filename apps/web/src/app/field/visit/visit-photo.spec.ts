import { compressPhoto, DecodedImage, formatBytes, PhotoCodec, VISIT_PHOTO_QUALITY } from './visit-photo';

function fakeCodec(width: number, height: number, fail: 'decode' | 'encode' | null = null) {
  const encoded: { width: number; height: number; quality: number }[] = [];
  let closed = 0;
  const codec: PhotoCodec = {
    async decode(): Promise<DecodedImage> {
      if (fail === 'decode') throw new Error('not an image');
      return { width, height, close: () => closed++ };
    },
    async encode(_image, w, h, quality) {
      encoded.push({ width: w, height: h, quality });
      if (fail === 'encode') return null;
      // A JPEG's size grows with its area: enough to tell the sizes apart.
      return new Blob([new Uint8Array(Math.round((w * h) / 20))], { type: 'image/jpeg' });
    },
  };
  return { codec, encoded, closed: () => closed };
}

describe(compressPhoto.name, () => {
  const original = new Blob([new Uint8Array(3_000_000)], { type: 'image/jpeg' });

  it.each([
    [4000, 3000, 1600, 1200],
    [3000, 4000, 1200, 1600],
    [1600, 900, 1600, 900],
    [800, 600, 800, 600],
  ])('redraws %i×%i at %i×%i as JPEG at quality 0.7', async (w, h, ew, eh) => {
    const fake = fakeCodec(w, h);
    const result = await compressPhoto(original, fake.codec);
    expect(fake.encoded).toEqual([{ width: ew, height: eh, quality: VISIT_PHOTO_QUALITY }]);
    expect(result).toMatchObject({ width: ew, height: eh, originalSize: 3_000_000, compressed: true });
    expect(result.blob.type).toBe('image/jpeg');
    expect(result.blob.size).toBeLessThan(original.size);
    expect(fake.closed()).toBe(1);
  });

  it('keeps a file the phone cannot decode as it is', async () => {
    const result = await compressPhoto(original, fakeCodec(0, 0, 'decode').codec);
    expect(result).toEqual({
      blob: original,
      width: null,
      height: null,
      originalSize: 3_000_000,
      compressed: false,
    });
  });

  it('keeps the file when the encoder gives nothing, and frees the decoded image', async () => {
    const fake = fakeCodec(4000, 3000, 'encode');
    const result = await compressPhoto(original, fake.codec);
    expect(result.compressed).toBe(false);
    expect(result.blob).toBe(original);
    expect(fake.closed()).toBe(1);
  });
});

describe(formatBytes.name, () => {
  it.each([
    [512, '512 B'],
    [190_000, '186 KB'],
    [3_000_000, '2.9 MB'],
  ])('%i bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
