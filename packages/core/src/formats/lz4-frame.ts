/**
 * A decoder of LZ4 frames (the LZ4 Frame Format Description 1.6.x and the LZ4 Block Format Description),
 * written from the specifications: Arrow's LZ4_FRAME body compression (pyarrow's default for Feather,
 * pandas `to_feather`). Into an output of a known size; blocks linked or independent; block and content
 * checksums skipped (bounds are checked instead); dictionaries refused. Throws a RangeError on anything
 * that is not a frame, or that would write past `size`.
 */

const MAGIC = 0x184d2204;
/** Skippable frames: 0x184D2A50 … 0x184D2A5F. */
const SKIPPABLE = 0x184d2a50;

/** The bytes of the LZ4 frames in `input`, which decode to exactly `size` bytes. */
export function lz4FrameDecode(input: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const need = (at: number, n: number) => {
    if (at + n > input.length) throw new RangeError('an LZ4 frame is cut short');
  };
  let at = 0;
  let written = 0;
  while (at < input.length) {
    need(at, 4);
    const magic = view.getUint32(at, true);
    if ((magic & 0xfffffff0) === SKIPPABLE) {
      need(at, 8);
      at += 8 + view.getUint32(at + 4, true);
      continue;
    }
    if (magic !== MAGIC) throw new RangeError(`not an LZ4 frame (magic ${magic.toString(16)})`);
    need(at, 7);
    const flags = input[at + 4]!;
    if (flags >> 6 !== 1) throw new RangeError(`an LZ4 frame of version ${flags >> 6}`);
    if (flags & 1) throw new RangeError('an LZ4 frame with a dictionary');
    const blockChecksum = (flags & 0x10) !== 0;
    const contentChecksum = (flags & 0x04) !== 0;
    at += 6 + ((flags & 0x08) !== 0 ? 8 : 0) + 1; // magic, FLG, BD, content size, header checksum
    for (;;) {
      need(at, 4);
      const word = view.getUint32(at, true);
      at += 4;
      if (word === 0) break;
      const length = word & 0x7fffffff;
      need(at, length);
      const block = input.subarray(at, at + length);
      if (word & 0x80000000) {
        if (written + length > size) throw new RangeError('an LZ4 frame holds more than its buffer');
        out.set(block, written);
        written += length;
      } else written = lz4BlockDecode(block, out, written);
      at += length + (blockChecksum ? 4 : 0);
    }
    at += contentChecksum ? 4 : 0;
  }
  if (written !== size) throw new RangeError(`an LZ4 frame holds ${written} bytes, not ${size}`);
  return out;
}

/**
 * Decodes one LZ4 block into `out` from `start` (a match may reach back into earlier blocks of the
 * frame); returns where it ended.
 */
export function lz4BlockDecode(src: Uint8Array, out: Uint8Array, start: number): number {
  let ip = 0;
  let op = start;
  const length = (n: number): number => {
    if (n !== 15) return n;
    let b = 255;
    while (b === 255) {
      if (ip >= src.length) throw new RangeError('an LZ4 block is cut short');
      b = src[ip++]!;
      n += b;
    }
    return n;
  };
  while (ip < src.length) {
    const token = src[ip++]!;
    const literals = length(token >> 4);
    if (ip + literals > src.length || op + literals > out.length)
      throw new RangeError('an LZ4 block runs past its bounds');
    out.set(src.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;
    if (ip >= src.length) break; // the last sequence holds literals only
    if (ip + 2 > src.length) throw new RangeError('an LZ4 block is cut short');
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    const match = length(token & 15) + 4;
    if (offset === 0 || offset > op) throw new RangeError('an LZ4 match reaches before the output');
    if (op + match > out.length) throw new RangeError('an LZ4 block runs past its bounds');
    if (offset >= match) out.copyWithin(op, op - offset, op - offset + match);
    else for (let i = 0; i < match; i++) out[op + i] = out[op + i - offset]!;
    op += match;
  }
  return op;
}
