import sharp from 'sharp';
import type { PixelImage } from '../../metrics/sample-metrics.js';
import { sharpAlone, sharpShared } from './sharp-gate.js';
import { readableSharpError } from './sharp-message.js';

/**
 * The small decoded image every scanned file yields, and every metric starts from: 8-bit sRGB,
 * 3 interleaved channels, row-major, alpha dropped, oriented as displayed (EXIF orientation
 * applied), aspect ratio kept, shrunk (never enlarged) so the longer side is at most `size`.
 */
export type DecodedImage = PixelImage & { channels: 3 };

export interface DecodeImageOptions {
  /** Longer side of the decoded image in pixels (shrink-on-load where the codec allows). */
  size: number;
  /** Refuse to decode more pixels than this (sharp `limitInputPixels`), so a bomb is never allocated. */
  maxPixels: number;
}

export type DecodeOutcome =
  | { ok: true; image: DecodedImage; warning?: string }
  | { ok: false; error: string };

/**
 * Decodes `bytes` once with shrink-on-load into a small RGB image, which walks through
 * all the compressed data and so finds truncated or damaged files.
 *
 * libvips is asked to fail on warnings first: with a truncated JPEG or PNG every `failOn` level
 * from 'truncated' up fails, but damaged JPEG entropy data ("Corrupt JPEG data: premature end of
 * data segment") only fails at 'warning'. Benign warnings exist too ("1 extraneous bytes before
 * marker"), so a file that fails at 'warning' is decoded again at 'error': if that succeeds the
 * file is usable and the warning is returned; if not, it is corrupt. Not at 'truncated': libtiff's
 * errors (a strip past the end of the file, a bad LZW code word) pass there with made-up pixels, and
 * the app's thumbnails, made at 'error', would then fail for a file the scan called ok.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions): Promise<DecodeOutcome> {
  try {
    return { ok: true, image: await sharpShared(() => decodeAt(bytes, options, 'warning')) };
  } catch {
    // asked again alone, so that the reasons are this file's (sharp-gate.ts)
    return sharpAlone(() => decodeAgain(bytes, options));
  }
}

async function decodeAgain(bytes: Uint8Array, options: DecodeImageOptions): Promise<DecodeOutcome> {
  try {
    return { ok: true, image: await decodeAt(bytes, options, 'warning') };
  } catch (strictError) {
    try {
      const image = await decodeAt(bytes, options, 'error');
      return { ok: true, image, warning: readableSharpError(strictError) };
    } catch (error) {
      return { ok: false, error: readableSharpError(moreTelling(strictError, error)) };
    }
  }
}

async function decodeAt(
  bytes: Uint8Array,
  options: DecodeImageOptions,
  failOn: 'warning' | 'error',
): Promise<DecodedImage> {
  const { data, info } = await sharp(bytes, { failOn, limitInputPixels: options.maxPixels })
    .autoOrient()
    .resize(options.size, options.size, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded ${info.channels} channels where 3 were asked for`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}

/** Some decoders only say "Unknown error" at the lenient level; the strict attempt said more. */
function moreTelling(strictError: unknown, lenientError: unknown): unknown {
  const lenient = lenientError instanceof Error ? lenientError.message : String(lenientError);
  return /unknown error/i.test(lenient) ? strictError : lenientError;
}
