/** The longest side a photo is sent at: enough to read a document, ~200 KB as JPEG. */
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;

/** The size to draw an image at so its longest side is at most `maxSide` (never enlarged). */
export function scaledSize(
  width: number,
  height: number,
  maxSide = PHOTO_MAX_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A phone photo made small before it leaves the phone (village officials upload on weak
 * networks): redrawn as a JPEG with its longest side at most PHOTO_MAX_SIDE. A browser that
 * cannot decode the file sends it as it is; the API then checks its type.
 */
export async function downscalePhoto(file: Blob): Promise<Blob> {
  if (typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const { width, height } = scaledSize(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return file;
    context.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY),
    );
    return blob ?? file;
  } finally {
    bitmap.close();
  }
}

/** A photo chosen in the form, with the id every upload attempt of it reuses. */
export interface PendingPhoto {
  clientId: string;
  file: Blob;
  name: string;
}
