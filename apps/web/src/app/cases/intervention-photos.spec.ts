import { downscalePhoto, PHOTO_MAX_SIDE, scaledSize } from './intervention-photos';

describe(scaledSize.name, () => {
  it('brings the longest side down to the maximum, keeping the proportions', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: PHOTO_MAX_SIDE, height: 1200 });
    expect(scaledSize(3000, 4000)).toEqual({ width: 1200, height: PHOTO_MAX_SIDE });
    expect(scaledSize(8000, 10, 1600)).toEqual({ width: 1600, height: 2 });
  });

  it('never enlarges a small photo', () => {
    expect(scaledSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(scaledSize(0, 0)).toEqual({ width: 1, height: 1 });
  });
});

describe(downscalePhoto.name, () => {
  it('sends the file as it is where the browser cannot decode it', async () => {
    const file = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    expect(await downscalePhoto(file)).toBe(file);
  });
});
