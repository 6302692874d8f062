/**
 * A small PNG encoder for the masks formats embed (LabelMe's mask shapes): an 8-bit greyscale PNG of
 * 0/1 pixels, as labelme writes a mask (numpy bool → uint8 → PIL "L"). Platform-neutral
 * (CompressionStream, as in browsers and Node ≥ 18); chunks carry their CRC-32, which PIL checks.
 */

import { concatByteList } from '../arrays/concat-bytes.js';
import type { PngMask } from './png-mask.js';

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG's chunks use it) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32(value: number): Uint8Array {
  return new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concatByteList([new Uint8Array([...type].map((c) => c.charCodeAt(0))), data]);
  return concatByteList([u32(data.length), typed, u32(crc32(typed))]);
}

/** zlib-wrapped deflate of `bytes`. */
async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return concatByteList(parts);
}

/** An 8-bit greyscale PNG of a mask: each pixel 1 where `bits` is set, else 0. */
export async function encodeMaskPng(mask: PngMask): Promise<Uint8Array> {
  const { width, height, bits } = mask;
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = bits[y * width + x] ? 1 : 0;
  const ihdr = concatByteList([u32(width), u32(height), new Uint8Array([8, 0, 0, 0, 0])]);
  return concatByteList([
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Bytes as base64 text. */
export function bytesBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
