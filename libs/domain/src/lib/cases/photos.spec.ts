import { isPhotoContentType, sniffPhotoType } from './photos';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('intervention photos', () => {
  it('recognises JPEG, PNG and WebP by their magic bytes', () => {
    expect(sniffPhotoType(bytes(0xff, 0xd8, 0xff, 0xe0, 0x00))).toBe('image/jpeg');
    expect(sniffPhotoType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00))).toBe('image/png');
    const webp = [0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50];
    expect(sniffPhotoType(bytes(...webp))).toBe('image/webp');
  });

  it('refuses anything else, including truncated signatures and other RIFF files', () => {
    expect(sniffPhotoType(bytes())).toBeNull();
    expect(sniffPhotoType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffPhotoType(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffPhotoType(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
    expect(sniffPhotoType(bytes(0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x41, 0x56, 0x45))).toBeNull();
  });

  it('accepts only the three declared types', () => {
    expect(isPhotoContentType('image/jpeg')).toBe(true);
    expect(isPhotoContentType('image/gif')).toBe(false);
    expect(isPhotoContentType('image/JPEG')).toBe(false);
  });
});
