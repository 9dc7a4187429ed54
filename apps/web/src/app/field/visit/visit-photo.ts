import { scaledSize } from '../../cases/intervention-photos';

/** A field photo's longest side and JPEG quality: a document stays readable at ~150–250 kB. */
export const VISIT_PHOTO_MAX_SIDE = 1600;
export const VISIT_PHOTO_QUALITY = 0.7;

/** A decoded image; `close` frees its memory (phones have little). */
export interface DecodedImage {
  width: number;
  height: number;
  close(): void;
}

/** Decoding and re-encoding, behind an interface: canvas in the browser, a fake in tests. */
export interface PhotoCodec<T extends DecodedImage = DecodedImage> {
  decode(file: Blob): Promise<T>;
  encode(image: T, width: number, height: number, quality: number): Promise<Blob | null>;
}

export interface CompressedPhoto {
  blob: Blob;
  width: number | null;
  height: number | null;
  originalSize: number;
  /** False when the phone could not decode the file: it is kept as it was. */
  compressed: boolean;
}

type BitmapImage = DecodedImage & { bitmap: ImageBitmap };

/** createImageBitmap (honouring the EXIF rotation) and a canvas's JPEG encoder. */
export const canvasCodec: PhotoCodec<BitmapImage> = {
  async decode(file) {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  },
  async encode(image, width, height, quality) {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(image.bitmap, 0, 0, width, height);
    return new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  },
};

/**
 * Makes a phone photo small before it is queued: redrawn as JPEG with its longest side at most
 * VISIT_PHOTO_MAX_SIDE (never enlarged). Redrawing also drops the file's metadata (the camera's
 * GPS tag among it). A file the phone cannot decode is kept as it is; the API checks its type.
 */
export async function compressPhoto<T extends DecodedImage>(
  file: Blob,
  codec: PhotoCodec<T> = canvasCodec as unknown as PhotoCodec<T>,
): Promise<CompressedPhoto> {
  const unchanged: CompressedPhoto = {
    blob: file,
    width: null,
    height: null,
    originalSize: file.size,
    compressed: false,
  };
  let image: T;
  try {
    image = await codec.decode(file);
  } catch {
    return unchanged;
  }
  try {
    const { width, height } = scaledSize(image.width, image.height, VISIT_PHOTO_MAX_SIDE);
    const blob = await codec.encode(image, width, height, VISIT_PHOTO_QUALITY);
    if (!blob) return unchanged;
    return { blob, width, height, originalSize: file.size, compressed: true };
  } catch {
    return unchanged;
  } finally {
    image.close();
  }
}

/** "186 KB" / "1.2 MB" (binary units, as phones show file sizes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
