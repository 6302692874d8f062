import sharp from 'sharp';
import { readableSharpError } from './sharp-message.js';

/**
 * The small decoded image every scanned file yields: 8-bit greyscale, row-major, `width*height`
 * bytes, alpha dropped, oriented as displayed (EXIF orientation applied), squeezed to a square
 * (aspect ratio not kept, as perceptual hashes expect). probeFile returns it with the probe;
 * per-image metrics (brightness, blur, hashes) are meant to start from it.
 */
export interface Thumbnail {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1;
}

export interface DecodeThumbnailOptions {
  /** Side of the square thumbnail in pixels. */
  size: number;
  /** Refuse to decode more pixels than this (sharp `limitInputPixels`), so a bomb is never allocated. */
  maxPixels: number;
}

export type DecodeOutcome =
  | { ok: true; thumbnail: Thumbnail; warning?: string }
  | { ok: false; error: string };

/**
 * Decodes `bytes` once with shrink-on-load into a small greyscale thumbnail, which walks through
 * all the compressed data and so finds truncated or damaged files.
 *
 * libvips is asked to fail on warnings first: with a truncated JPEG or PNG every `failOn` level
 * from 'truncated' up fails, but damaged JPEG entropy data ("Corrupt JPEG data: premature end of
 * data segment") only fails at 'warning'. Benign warnings exist too ("1 extraneous bytes before
 * marker"), so a file that fails at 'warning' is decoded again at 'truncated': if that succeeds the
 * file is usable and the warning is returned; if not, it is corrupt.
 */
export async function decodeThumbnail(
  bytes: Uint8Array,
  options: DecodeThumbnailOptions,
): Promise<DecodeOutcome> {
  try {
    return { ok: true, thumbnail: await decodeAt(bytes, options, 'warning') };
  } catch (strictError) {
    try {
      const thumbnail = await decodeAt(bytes, options, 'truncated');
      return { ok: true, thumbnail, warning: readableSharpError(strictError) };
    } catch (error) {
      return { ok: false, error: readableSharpError(moreTelling(strictError, error)) };
    }
  }
}

async function decodeAt(
  bytes: Uint8Array,
  options: DecodeThumbnailOptions,
  failOn: 'warning' | 'truncated',
): Promise<Thumbnail> {
  const { data, info } = await sharp(bytes, { failOn, limitInputPixels: options.maxPixels })
    .autoOrient()
    .resize(options.size, options.size, { fit: 'fill' })
    .removeAlpha()
    .greyscale()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: 1,
  };
}

/** Some decoders only say "Unknown error" at the lenient level; the strict attempt said more. */
function moreTelling(strictError: unknown, lenientError: unknown): unknown {
  const lenient = lenientError instanceof Error ? lenientError.message : String(lenientError);
  return /unknown error/i.test(lenient) ? strictError : lenientError;
}
