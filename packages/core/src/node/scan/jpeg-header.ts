/** The header fields scan stores, as sharp's metadata() gives them for a JPEG. */
export interface JpegHeader {
  width: number;
  height: number;
  /** Colour components of the frame: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  channels: 1 | 3 | 4;
  format: 'jpeg';
  /** EXIF orientation (IFD0 tag 0x0112) when the file has one. */
  orientation?: number;
}

const SOI = 0xd8;
const SOS = 0xda;
const APP1 = 0xe1;
/** Baseline, extended sequential and progressive Huffman frames: what libjpeg decodes everywhere. */
const PLAIN_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
const OTHER_FRAMES = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Reads size, components and EXIF orientation from a JPEG's markers, up to the start of scan, in
 * a few microseconds, without a trip to libvips. It answers only for the plain case: one
 * baseline, extended or progressive frame before a start of scan, at most one EXIF block whose
 * orientation (if any) is a single SHORT in 1..8. For anything else (another format, other frame
 * types, a truncated or odd header, two EXIF blocks) it returns undefined and the caller asks
 * sharp, so the answer is always the one sharp's metadata() would give.
 */
export function jpegHeader(bytes: Uint8Array): JpegHeader | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return undefined;
  let frame: { width: number; height: number; channels: number } | undefined;
  let exif: Uint8Array | undefined;
  let exifBlocks = 0;
  let at = 2;
  for (;;) {
    if (at >= bytes.length || bytes[at] !== 0xff) return undefined;
    while (at < bytes.length && bytes[at] === 0xff) at++; // fill bytes
    if (at + 2 >= bytes.length) return undefined;
    const marker = bytes[at]!;
    const length = (bytes[at + 1]! << 8) | bytes[at + 2]!;
    const start = at + 3;
    const end = at + 1 + length;
    if (length < 2 || end > bytes.length) return undefined;
    if (marker === SOS) break;
    if (PLAIN_FRAMES.has(marker)) {
      if (frame !== undefined || length < 8) return undefined;
      frame = {
        height: (bytes[start + 1]! << 8) | bytes[start + 2]!,
        width: (bytes[start + 3]! << 8) | bytes[start + 4]!,
        channels: bytes[start + 5]!,
      };
    } else if (OTHER_FRAMES.has(marker) || !isSegment(marker)) {
      return undefined;
    } else if (marker === APP1 && isExif(bytes, start, end)) {
      exifBlocks++;
      exif = bytes.subarray(start + 6, end);
    }
    at = end;
  }
  if (frame === undefined || exifBlocks > 1) return undefined;
  const { width, height, channels } = frame;
  if (width === 0 || height === 0 || (channels !== 1 && channels !== 3 && channels !== 4)) return undefined;
  const header: JpegHeader = { width, height, channels, format: 'jpeg' };
  if (exif === undefined) return header;
  const orientation = exifOrientation(exif);
  if (orientation === null) return undefined;
  if (orientation !== undefined) header.orientation = orientation;
  return header;
}

/** Markers that carry a length and may come before the frame: APPn, COM, DQT, DHT, DRI, DAC. */
function isSegment(marker: number): boolean {
  return (
    (marker >= 0xe0 && marker <= 0xef) ||
    marker === 0xfe ||
    marker === 0xdb ||
    marker === 0xc4 ||
    marker === 0xdd ||
    marker === 0xcc
  );
}

function isExif(bytes: Uint8Array, start: number, end: number): boolean {
  const tag = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
  return end - start >= tag.length && tag.every((b, i) => bytes[start + i] === b);
}

/**
 * The orientation in IFD0 of a TIFF-structured EXIF block: a number 1..8, undefined when the tag
 * is absent, null when the block is not plain enough to be sure (bad offsets, another type or
 * count, a value outside 1..8).
 */
function exifOrientation(tiff: Uint8Array): number | undefined | null {
  if (tiff.length < 8) return null;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
  const u16 = (o: number) => (little ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
  const u32 = (o: number) => (little ? u16(o) + u16(o + 2) * 65536 : u16(o) * 65536 + u16(o + 2));
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  if (ifd + 2 + count * 12 > tiff.length) return null;
  for (let e = ifd + 2; e < ifd + 2 + count * 12; e += 12) {
    if (u16(e) !== 0x0112) continue;
    const value = u16(e + 8);
    return u16(e + 2) === 3 && u32(e + 4) === 1 && value >= 1 && value <= 8 ? value : null;
  }
  return undefined;
}
