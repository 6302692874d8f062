/**
 * Polygon rings / polylines as one binary block, for the store: float64 little-endian
 * [ringCount, length_0 … length_{n-1}, x0, y0, x1, y1, …] where length_i counts numbers (not points).
 * Exact (no decimal round trip) and about ten times cheaper to write than JSON text.
 */
export function pointsEncode(rings: readonly (readonly number[])[]): Uint8Array {
  const out = new Float64Array(pointsEncodedLength(rings));
  pointsEncodeInto(rings, out, 0);
  return new Uint8Array(out.buffer);
}

/** How many float64 values `pointsEncode(rings)` holds. */
export function pointsEncodedLength(rings: readonly (readonly number[])[]): number {
  let total = 1 + rings.length;
  for (const ring of rings) total += ring.length;
  return total;
}

/** Writes `pointsEncode(rings)` into `out` from index `at` (room for pointsEncodedLength values). */
export function pointsEncodeInto(rings: readonly (readonly number[])[], out: Float64Array, at: number): void {
  out[at] = rings.length;
  let next = at + 1 + rings.length;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r]!;
    out[at + 1 + r] = ring.length;
    for (let i = 0; i < ring.length; i++) out[next + i] = ring[i]!;
    next += ring.length;
  }
}

export function pointsDecode(bytes: Uint8Array): number[][] {
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const data = new Float64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8);
  const count = data[0] ?? 0;
  const rings: number[][] = [];
  let at = 1 + count;
  for (let r = 0; r < count; r++) {
    const length = data[1 + r] ?? 0;
    rings.push(Array.from(data.subarray(at, at + length)));
    at += length;
  }
  return rings;
}
