/**
 * Polygon rings / polylines as one binary block, for the store: float64 little-endian
 * [ringCount, length_0 … length_{n-1}, x0, y0, x1, y1, …] where length_i counts numbers (not points).
 * Exact (no decimal round trip) and about ten times cheaper to write than JSON text.
 */
export function pointsEncode(rings: readonly (readonly number[])[]): Uint8Array {
  let total = 1 + rings.length;
  for (const ring of rings) total += ring.length;
  const out = new Float64Array(total);
  out[0] = rings.length;
  let at = 1 + rings.length;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r]!;
    out[1 + r] = ring.length;
    for (let i = 0; i < ring.length; i++) out[at + i] = ring[i]!;
    at += ring.length;
  }
  return new Uint8Array(out.buffer);
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
