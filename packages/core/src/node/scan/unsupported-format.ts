/**
 * Image formats recognised by their first bytes that this build of sharp (libvips) cannot decode. A
 * file of one of them is an unsupported format, not a damaged file: the two are different issues
 * (`unsupported_format` and `corrupt_file`), with different fixes (convert it, or replace it).
 */
export interface UnsupportedFormat {
  /** Short id stored as the probe's format ("bmp", "heic"...). */
  id: string;
  /** Name for people ("BMP", "HEIC (HEVC-coded HEIF)"). */
  name: string;
}

const ascii = (bytes: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/**
 * HEIF brands of HEVC-coded images and sequences (ISO/IEC 23008-12); AVIF ('avif') decodes, an AVIF
 * image sequence (major brand 'avis', animated AVIF) does not (libvips does not take it for AVIF).
 */
const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
/** BITMAPCOREHEADER, BITMAPINFOHEADER and its later versions: the DIB header sizes a BMP may have. */
const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/** An AVIF image sequence: major brand 'avis' (its compatible brands list 'avif' too). */
function isAvifSequence(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp' && ascii(bytes, 8, 4) === 'avis';
}

function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== 'ftyp') return false;
  const size = Math.min(
    ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0,
    256,
    bytes.length,
  );
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, 4));
  return brands.some((b) => HEVC_BRANDS.has(b)) && !brands.includes('avif');
}

/** The unsupported image format the bytes start with, if any. */
export function unsupportedFormat(bytes: Uint8Array): UnsupportedFormat | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes[0] === 0x42 && bytes[1] === 0x4d && bytes.length >= 18) {
    const dib = bytes[14]! | (bytes[15]! << 8) | (bytes[16]! << 16) | (bytes[17]! << 24);
    if (BMP_DIB_SIZES.has(dib)) return { id: 'bmp', name: 'BMP' };
  }
  if (isHeic(bytes)) return { id: 'heic', name: 'HEIC (HEVC-coded HEIF)' };
  if (isAvifSequence(bytes)) return { id: 'avifs', name: 'AVIF image sequence (animated AVIF)' };
  if (ascii(bytes, 0, 4) === '8BPS') return { id: 'psd', name: 'Photoshop (PSD)' };
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 1 && bytes[3] === 0) return { id: 'ico', name: 'ICO' };
  if (bytes[0] === 0xff && bytes[1] === 0x0a) return { id: 'jxl', name: 'JPEG XL' };
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'JXL \r\n\x87\n') return { id: 'jxl', name: 'JPEG XL' };
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'jP  \r\n\x87\n') return { id: 'jp2', name: 'JPEG 2000' };
  if (bytes[0] === 0xff && bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51)
    return { id: 'j2k', name: 'JPEG 2000' };
  return undefined;
}

/** The probe error of an unsupported format. */
export function unsupportedMessage(format: UnsupportedFormat): string {
  return `${format.name} is not an image format Assay can decode; convert it (for example to PNG or JPEG)`;
}

/**
 * Decoder messages that say this build cannot decode a variant of a format it otherwise reads (a
 * TIFF with old-style JPEG compression, tiles in separate planes, CIELab colour or 12-bit samples):
 * the file is valid and other tools open it, so it is unsupported, not damaged. Each gives the reason
 * in plain words.
 */
const UNSUPPORTED_VARIANTS: [RegExp, string][] = [
  [/old-style jpeg compression/i, 'old-style JPEG compression inside a TIFF'],
  [/tiled separate planes not supported/i, 'tiles stored in separate colour planes'],
  [/bad labq format/i, 'CIELab colour (only RGB, grey and CMYK are decoded)'],
  [/not a whole number of bytes/i, 'samples that are not a whole number of bytes (e.g. 12-bit)'],
  [
    /unsupported jpeg data precision (\d+)/i,
    'a JPEG of more than 8 bits per sample (libjpeg decodes 8-bit JPEG)',
  ],
  [/unsupported jpeg process/i, 'a JPEG coding process libjpeg does not decode (lossless or hierarchical)'],
  [/support is not configured|\bnot supported\b/i, ''],
];

/** The readable reason a decoder error names a format variant this build cannot decode, if it does. */
export function unsupportedVariant(decoderError: string): string | undefined {
  for (const [pattern, reason] of UNSUPPORTED_VARIANTS) {
    if (pattern.test(decoderError)) return reason === '' ? decoderError : reason;
  }
  return undefined;
}

/** The probe error of a variant this build cannot decode, in a format named by `format` when known. */
export function unsupportedVariantMessage(format: string | undefined, reason: string): string {
  const name = format === undefined ? 'this image' : `this ${format.toUpperCase()} file`;
  return `${name} uses a variant Assay cannot decode (${reason}); convert it (for example to PNG or JPEG)`;
}
