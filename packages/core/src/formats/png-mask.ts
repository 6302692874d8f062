/**
 * A small PNG decoder for the masks formats embed (Supervisely's bitmap objects): which pixels are set.
 * Platform-neutral (DecompressionStream, as in browsers and Node ≥ 18); no colour handling, since a
 * mask pixel is on when any of its samples is not zero (grey, palette index, RGB; with alpha, the alpha).
 */

import { concatByteList } from '../arrays/concat-bytes.js';

/** The most pixels a PNG may have here (8,192 × 8,192: a mask, or a panoptic PNG, of a large photo). */
const MAX_PIXELS = 8192 * 8192;

/** The most bytes a compressed PNG (Supervisely's bitmaps are zlib-wrapped PNGs) may inflate to. */
const MAX_PNG_BYTES = 256 * 1024 * 1024;

/** Thrown by inflate when the output would pass its limit (a decompression bomb). */
export class InflateLimit extends Error {}

/** A decoded mask: `bits[y * width + x]` is 1 where the pixel is set. */
export interface PngMask {
  width: number;
  height: number;
  bits: Uint8Array;
}

/**
 * Inflates zlib-wrapped bytes (`deflate` in the Compression Streams sense); throws on bad data, and
 * InflateLimit once the output passes `limit` bytes (read chunk by chunk: a small input that would inflate
 * to gigabytes is stopped there).
 */
export async function inflate(bytes: Uint8Array, limit = MAX_PNG_BYTES): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new InflateLimit(`inflates to more than ${limit} bytes`);
    }
    parts.push(value);
  }
  return concatByteList(parts);
}

/** Samples per pixel of each PNG colour type (grey, RGB, palette, grey+alpha, RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function u32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters in place; `bpp` bytes per pixel (at least 1), `stride` bytes per row. */
function unfilter(data: Uint8Array, height: number, stride: number, bpp: number): Uint8Array | string {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const type = data[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const up = row - stride;
    if (type === 0) {
      out.set(data.subarray(src, src + stride), row);
      continue;
    }
    for (let i = 0; i < stride; i++) {
      const x = data[src + i] ?? 0;
      const a = i >= bpp ? (out[row + i - bpp] ?? 0) : 0;
      const b = y > 0 ? (out[up + i] ?? 0) : 0;
      const c = y > 0 && i >= bpp ? (out[up + i - bpp] ?? 0) : 0;
      let v: number;
      if (type === 0) v = x;
      else if (type === 1) v = x + a;
      else if (type === 2) v = x + b;
      else if (type === 3) v = x + ((a + b) >>> 1);
      else if (type === 4) v = x + paeth(a, b, c);
      else return `row ${y} has filter type ${type}, not one of PNG's 0–4`;
      out[row + i] = v & 255;
    }
  }
  return out;
}

/** A decoded PNG's samples, unfiltered, row after row (`stride` bytes each). */
export interface PngPixels {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  depth: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colour: number;
  channels: number;
  stride: number;
  raw: Uint8Array;
  /** A palette image's colours (PLTE: r, g, b for each index), when the file has them. */
  palette?: Uint8Array;
}

/** Decodes a PNG's samples, or the reason it cannot (not a PNG, interlaced, damaged, too large). */
export async function decodePng(png: Uint8Array): Promise<PngPixels | string> {
  if (!SIGNATURE.every((v, i) => png[i] === v))
    return 'not a PNG (its first bytes are not the PNG signature)';
  let at = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colour = -1;
  let interlace = 0;
  const idat: Uint8Array[] = [];
  let palette: Uint8Array | undefined;
  while (at + 8 <= png.length) {
    const length = u32(png, at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    if (body.length < length) return `the PNG ends inside its ${type} chunk`;
    if (type === 'IHDR') {
      width = u32(body, 0);
      height = u32(body, 4);
      depth = body[8] ?? 0;
      colour = body[9] ?? -1;
      interlace = body[12] ?? 0;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'PLTE') palette = body;
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const channels = CHANNELS[colour];
  if (channels === undefined || width === 0 || height === 0) return 'the PNG has no valid header (IHDR)';
  if (width * height > MAX_PIXELS) return `the PNG is ${width}×${height}, more pixels than a mask may have`;
  if (interlace !== 0) return 'the PNG is interlaced (Adam7), which mask PNGs never are';
  if (![1, 2, 4, 8, 16].includes(depth)) return `the PNG has bit depth ${depth}`;
  let joined: Uint8Array = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of idat) {
    joined.set(c, o);
    o += c.length;
  }
  const bitsPerPixel = depth * channels;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  try {
    // No more than its size needs (a row's filter byte and samples): more is a damaged or hostile file.
    joined = await inflate(joined, height * (stride + 1) + 1024);
  } catch (error) {
    return error instanceof InflateLimit
      ? 'the PNG’s image data inflates to more than its size needs (damaged or hostile)'
      : 'the PNG’s image data does not inflate (damaged)';
  }
  if (joined.length < height * (stride + 1)) return 'the PNG’s image data is shorter than its size says';
  const raw = unfilter(joined, height, stride, Math.max(1, bitsPerPixel >>> 3));
  if (typeof raw === 'string') return raw;
  return { width, height, depth, colour, channels, stride, raw, ...(palette ? { palette } : {}) };
}

/**
 * Decodes a PNG's set pixels, or the reason it cannot (see decodePng). With an alpha channel the alpha
 * decides; a palette image's `tRNS` is not needed (index 0 is the background, as Supervisely writes its
 * masks).
 */
export async function decodePngMask(png: Uint8Array): Promise<PngMask | string> {
  const pixels = await decodePng(png);
  if (typeof pixels === 'string') return pixels;
  const { width, height, depth, colour, channels, stride, raw } = pixels;
  const bits = new Uint8Array(width * height);
  const alpha = colour === 4 || colour === 6;
  const bytesPerSample = depth === 16 ? 2 : 1;
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    for (let x = 0; x < width; x++) {
      let on = false;
      if (depth < 8) {
        const bit = x * depth;
        const byte = raw[row + (bit >>> 3)] ?? 0;
        on = ((byte >>> (8 - depth - (bit & 7))) & ((1 << depth) - 1)) !== 0;
      } else {
        const px = row + x * channels * bytesPerSample;
        const from = alpha ? (channels - 1) * bytesPerSample : 0;
        const to = alpha ? channels * bytesPerSample : channels * bytesPerSample;
        for (let k = from; k < to && !on; k++) on = (raw[px + k] ?? 0) !== 0;
      }
      if (on) bits[y * width + x] = 1;
    }
  }
  return { width, height, bits };
}
