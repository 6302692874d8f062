import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { AssayError } from '../../errors.js';
import { writeFileAtomic } from '../atomic-write.js';
import type { MediaFile } from './media-file.js';

/** Thumbnail sizes served (a request's size is rounded up to one of them, so the cache stays bounded). */
export const THUMB_SIZES = [128, 256, 512] as const;

export function thumbSize(requested: number): number {
  return THUMB_SIZES.find((s) => s >= requested) ?? THUMB_SIZES[THUMB_SIZES.length - 1]!;
}

/** A validator that changes when the file does: size and modification time (and the thumbnail size). */
export function mediaEtag(file: Pick<MediaFile, 'size' | 'mtimeMs'>, variant: string): string {
  const h = createHash('sha1').update(`${file.size}:${file.mtimeMs}:${variant}`).digest('base64url');
  return `"${h.slice(0, 20)}"`;
}

let running = 0;
const queue: (() => void)[] = [];
/** At most two sharp encodes at once, so thumbnails never starve the API's queries. */
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    queue.shift()?.();
  }
}

const inFlight = new Map<string, Promise<Buffer>>();

/** The cache and validator variant of a thumbnail ("o": EXIF orientation applied; before, it was not). */
export function thumbVariant(size: number): string {
  return `thumb${size}o`;
}

/**
 * The WebP thumbnail (longest side ≤ size) of an open image, turned as its EXIF orientation says (as a
 * browser shows the image itself), made once and cached under
 * `<cacheDir>/<size>/<etag>.webp`; corrupt images are NOT_FOUND errors (the app draws a placeholder).
 */
export function thumbnail(cacheDir: string, file: MediaFile, size: number, id: number): Promise<Buffer> {
  const tag = mediaEtag(file, thumbVariant(size)).slice(1, -1);
  const path = join(cacheDir, String(size), tag.slice(0, 2), `${tag}.webp`);
  const pending = inFlight.get(path);
  if (pending) return pending;
  const made = (async () => {
    try {
      return await readFile(path);
    } catch {
      // not cached yet
    }
    const input = await file.handle.readFile();
    const out = await limited(() =>
      sharp(input, { failOn: 'error', limitInputPixels: 100_000_000 })
        // as the browser shows the full image, and the scan, the report and the models see it
        .autoOrient()
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 78 })
        .toBuffer(),
    ).catch((error: unknown) => {
      throw new AssayError('NOT_FOUND', 'The image of this sample cannot be decoded.', {
        hint: 'Run `assay scan` to see which images are corrupt.',
        details: { id, reason: 'corrupt' },
        cause: error,
      });
    });
    await writeFileAtomic(path, out).catch(() => undefined); // a read-only project still serves
    return out;
  })().finally(() => inFlight.delete(path));
  inFlight.set(path, made);
  return made;
}
