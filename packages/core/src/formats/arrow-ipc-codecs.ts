import { decompress as zstdDecompress } from 'fzstd';
import { lz4FrameDecode } from './lz4-frame.js';

/** The most bytes one decompressed Arrow buffer may claim (a damaged length must not take the heap). */
const MAX_BUFFER = 1 << 30;

/**
 * Decompresses one buffer of a compressed Arrow record batch: `data` is the compressed bytes (after the
 * buffer's 8-byte uncompressed length), `size` that length. LZ4_FRAME by lz4-frame.ts; ZSTD by fzstd
 * (a pure-JavaScript Zstandard decoder). Throws a RangeError when the bytes do not decode to `size`.
 */
export function arrowDecompress(codec: number, data: Uint8Array, size: number): Uint8Array {
  if (size > MAX_BUFFER) throw new RangeError(`a compressed buffer claims ${size} bytes`);
  if (codec === 0) return lz4FrameDecode(data, size);
  if (codec !== 1) throw new RangeError(`an unknown compression codec (${codec})`);
  const out = zstdDecompress(data, new Uint8Array(size));
  if (out.length !== size) throw new RangeError(`a ZSTD buffer holds ${out.length} bytes, not ${size}`);
  return out;
}
