/**
 * Compact storage of embedding vectors: each vector is divided by its largest magnitude (`scale`)
 * and written as float16 (2 bytes a value, ~3 significant digits: cosine distances change by < 1e-3)
 * or int8 (1 byte a value, round(v / scale * 127)). Decoding multiplies back. Pure, little-endian.
 */
export type VectorEncoding = 'float16' | 'int8';

export const VECTOR_ENCODINGS: readonly VectorEncoding[] = ['float16', 'int8'];

export function bytesPerValue(encoding: VectorEncoding): number {
  return encoding === 'float16' ? 2 : 1;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of `value` (round to nearest even; overflow to infinity, NaN kept). */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rest > half || (rest === half && (m & 1) === 1)) m++;
    return sign | m;
  }
  const rest = mant & 0x1fff;
  mant >>>= 13;
  if (rest > 0x1000 || (rest === 0x1000 && (mant & 1) === 1)) {
    mant++;
    if (mant === 0x400) {
      mant = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | mant;
}

/** The number a binary16 bit pattern holds. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

// every binary16 value, decoded once: decoding a million vectors is then a table lookup per value
let table: Float32Array | undefined;
function float16Table(): Float32Array {
  if (table === undefined) {
    table = new Float32Array(65536);
    for (let i = 0; i < 65536; i++) table[i] = fromFloat16Bits(i);
  }
  return table;
}

/** Encodes `vector` (finite values); returns its scale and bytes. A zero vector has scale 0. */
export function vecEncode(
  vector: ArrayLike<number>,
  encoding: VectorEncoding,
): { scale: number; bytes: Uint8Array } {
  const n = vector.length;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(vector[i] as number);
    if (a > scale) scale = a;
  }
  scale = Math.fround(scale);
  const inv = scale > 0 ? 1 / scale : 0;
  if (encoding === 'int8') {
    const out = new Int8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.round((vector[i] as number) * inv * 127);
    return { scale, bytes: new Uint8Array(out.buffer) };
  }
  const bytes = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    const h = toFloat16Bits((vector[i] as number) * inv);
    bytes[2 * i] = h & 0xff;
    bytes[2 * i + 1] = h >>> 8;
  }
  return { scale, bytes };
}

/** Decodes `bytes` (as vecEncode wrote them) into `out` from `offset`. */
export function vecDecodeInto(
  bytes: Uint8Array,
  scale: number,
  encoding: VectorEncoding,
  out: Float32Array,
  offset: number,
): void {
  if (encoding === 'int8') {
    const f = scale / 127;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      out[offset + i] = (b > 127 ? b - 256 : b) * f;
    }
    return;
  }
  const t = float16Table();
  const n = bytes.length >>> 1;
  for (let i = 0; i < n; i++) {
    out[offset + i] = (t[(bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8)] as number) * scale;
  }
}
