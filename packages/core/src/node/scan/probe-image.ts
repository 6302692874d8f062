import sharp, { type Metadata } from 'sharp';
import type { MediaProbe } from '../../model/sample.js';
import { type DecodedImage, decodeImage } from './decode-image.js';
import { jpegHeader } from './jpeg-header.js';
import { sharpOwnError } from './sharp-gate.js';
import { readableSharpError } from './sharp-message.js';
import {
  unsupportedFormat,
  unsupportedMessage,
  unsupportedVariant,
  unsupportedVariantMessage,
} from './unsupported-format.js';

export interface ProbeImageOptions {
  /** Largest width*height decoded; bigger images get status 'too_large'. */
  maxPixels: number;
  /** Longer side of the small RGB image decoded to check the file and measure it. */
  decodeSize: number;
}

/** What the image bytes say; file facts (bytes, mtime, sha256) are added by the caller. */
export interface ImageProbe {
  probe: MediaProbe;
  /** Present when the file decoded (status 'ok'). */
  image?: DecodedImage;
}

/**
 * Reads the header (size as stored, before EXIF rotation; channels; format; orientation), from
 * the markers of a plain JPEG (jpegHeader: no trip to libvips) or else with sharp's metadata(),
 * refuses images over `maxPixels` before any pixel is allocated, then decodes a small image
 * (shrink-on-load) to prove the data is whole. Never throws for bad bytes: the status says what
 * is wrong.
 */
export async function probeImage(bytes: Uint8Array, options: ProbeImageOptions): Promise<ImageProbe> {
  let header: Omit<MediaProbe, 'status'> | undefined = jpegHeader(bytes);
  if (header === undefined) {
    try {
      // The header only: no pixel is decoded, so no pixel limit here (ours is applied below, saying too_large).
      header = headerFields(
        await sharpOwnError(() => sharp(bytes, { failOn: 'none', limitInputPixels: false }).metadata()),
      );
    } catch (error) {
      return { probe: failedProbe(bytes, readableSharpError(error), undefined) };
    }
  }
  const { width, height } = header;
  if (width === undefined || height === undefined || width <= 0 || height <= 0) {
    return { probe: { status: 'corrupt', ...header, error: 'the header gives no image size' } };
  }
  if (width * height > options.maxPixels) {
    return {
      probe: { status: 'too_large', ...header, error: tooLargeMessage(width, height, options.maxPixels) },
    };
  }
  const decoded = await decodeImage(bytes, { size: options.decodeSize, maxPixels: options.maxPixels });
  if (!decoded.ok) return { probe: { ...header, ...failedProbe(bytes, decoded.error, header.format) } };
  const probe: MediaProbe = { status: 'ok', ...header };
  if (decoded.warning !== undefined) probe.error = `decoded with warnings: ${decoded.warning}`;
  return { probe, image: decoded.image };
}

/**
 * Why `bytes` could not be decoded, in the words the scan uses (an unsupported format or variant is
 * named as such, with what to do; a damaged file gets the decoder's own reason): for the model runs,
 * which decode the images again.
 */
export function decodeFailure(bytes: Uint8Array, error: unknown): string {
  const probe = failedProbe(bytes, readableSharpError(error), undefined);
  return probe.status === 'corrupt'
    ? `cannot be decoded: ${probe.error}`
    : (probe.error ?? 'cannot be decoded');
}

/**
 * What a failed header read or decode means: a format this build cannot decode (recognised by its
 * first bytes) or a variant the decoder says it cannot decode (a TIFF with old-style JPEG compression)
 * is 'unsupported'; a pixel limit hit is 'too_large'; anything else is a damaged file.
 */
function failedProbe(bytes: Uint8Array, error: string, format: string | undefined): MediaProbe {
  const unsupported = unsupportedFormat(bytes);
  if (unsupported)
    return { status: 'unsupported', format: unsupported.id, error: unsupportedMessage(unsupported) };
  const variant = unsupportedVariant(error);
  if (variant !== undefined)
    return {
      status: 'unsupported',
      error: unsupportedVariantMessage(format ?? sniffedFormat(bytes), variant),
    };
  if (/more pixels than the limit/.test(error)) return { status: 'too_large', error };
  if (/^not a supported image format$/.test(error))
    return {
      status: 'corrupt',
      error: 'not a recognised image format (the file may be damaged, or not an image)',
    };
  return { status: 'corrupt', error };
}

/** TIFF by its byte-order mark and magic number, when the header read failed before naming a format. */
function sniffedFormat(bytes: Uint8Array): string | undefined {
  const ii = bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 42 && bytes[3] === 0;
  const mm = bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 42;
  return ii || mm ? 'tiff' : undefined;
}

function headerFields(metadata: Metadata): Omit<MediaProbe, 'status'> {
  const fields: Omit<MediaProbe, 'status'> = {};
  if (metadata.width !== undefined) fields.width = metadata.width;
  if (metadata.height !== undefined) fields.height = metadata.height;
  if (metadata.channels !== undefined) fields.channels = metadata.channels;
  if (metadata.format !== undefined) fields.format = metadata.format;
  const orientation = metadata.orientation;
  if (orientation !== undefined && Number.isInteger(orientation) && orientation >= 1 && orientation <= 8) {
    fields.orientation = orientation;
  }
  return fields;
}

function tooLargeMessage(width: number, height: number, maxPixels: number): string {
  const count = (pixels: number) => pixels.toLocaleString('en-US');
  return `${width}×${height} is ${count(width * height)} pixels, over the limit of ${count(maxPixels)} (maxPixels)`;
}
