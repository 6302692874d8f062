import { AssayError } from '../errors.js';

const BYTES = { u8: 1, u16: 2, u32: 4 } as const;

/**
 * The class value of each point of a separate label file (PointLabels.file): little-endian unsigned
 * integers, one per point; for `u32` (SemanticKITTI's `.label`) the class is the lower 16 bits (the upper
 * 16 hold the instance id). `points`, when given, is the sweep's count: a file of another length is a
 * PARSE_ERROR naming it.
 */
export function decodePointLabelFile(
  bytes: Uint8Array,
  encoding: keyof typeof BYTES,
  file: string,
  points?: number,
): Uint16Array {
  const size = BYTES[encoding];
  if (bytes.byteLength % size !== 0 || (points !== undefined && bytes.byteLength !== points * size)) {
    const what =
      bytes.byteLength % size !== 0
        ? `${bytes.byteLength} bytes, not a whole number of ${encoding} labels`
        : `${bytes.byteLength / size} labels for a sweep of ${points} points`;
    throw new AssayError('PARSE_ERROR', `${file}: ${what}.`, {
      hint: `A label file holds one little-endian ${encoding} per point of the sweep of the same name (${size} byte${size === 1 ? '' : 's'} each); it is truncated or belongs to another sweep.`,
      details: { file, bytes: bytes.byteLength, ...(points === undefined ? {} : { points }) },
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint16Array(bytes.byteLength / size);
  for (let i = 0; i < out.length; i++)
    out[i] =
      encoding === 'u32'
        ? view.getUint32(i * 4, true) & 0xffff
        : encoding === 'u16'
          ? view.getUint16(i * 2, true)
          : view.getUint8(i);
  return out;
}
