/**
 * LAS files written from the ASPRS LAS 1.4 R15 specification, for tests: the public header block (1.2: 227
 * bytes; 1.4: 375 with a 64-bit point count), one empty variable length record before the points, point
 * data record formats 0, 1, 3 and 6, x, y, z stored as integers times the header's scale plus its offset,
 * and the header's min and max x, y, z.
 */
export interface LasPoint {
  x: number;
  y: number;
  z: number;
  intensity: number;
  /** The whole classification byte (formats 0–5: class in bits 0–4, flags above). */
  classByte: number;
  gpsTime?: number;
  rgb?: [number, number, number];
}

/** A LAS file of `points` in record format `id` (0, 1, 3 or 6), version 1.`minor`, with one empty VLR. */
export function lasFile(
  id: 0 | 1 | 3 | 6,
  minor: 2 | 4,
  points: LasPoint[],
  scale: number,
  offset: number[],
): Uint8Array {
  const headerSize = minor === 4 ? 375 : 227;
  const vlr = 54;
  const stride = { 0: 20, 1: 28, 3: 34, 6: 30 }[id];
  const bytes = new Uint8Array(headerSize + vlr + stride * points.length);
  const v = new DataView(bytes.buffer);
  bytes.set([76, 65, 83, 70]); // LASF
  v.setUint8(24, 1);
  v.setUint8(25, minor);
  v.setUint16(94, headerSize, true);
  v.setUint32(96, headerSize + vlr, true);
  v.setUint32(100, 1, true);
  v.setUint8(104, id);
  v.setUint16(105, stride, true);
  // LAS 1.4 with a format 6+ record leaves the legacy count 0 and gives the 64-bit one.
  if (minor === 4 && id >= 6) v.setBigUint64(247, BigInt(points.length), true);
  else v.setUint32(107, points.length, true);
  for (let k = 0; k < 3; k++) {
    v.setFloat64(131 + 8 * k, scale, true);
    v.setFloat64(155 + 8 * k, offset[k]!, true);
  }
  // Max X, Min X, Max Y, Min Y, Max Z, Min Z (table 3)
  const axes = points.length === 0 ? [] : [0, 1, 2];
  for (const k of axes) {
    const values = points.map((p) => [p.x, p.y, p.z][k]!);
    v.setFloat64(
      179 + 16 * k,
      values.reduce((a, b) => Math.max(a, b)),
      true,
    );
    v.setFloat64(
      187 + 16 * k,
      values.reduce((a, b) => Math.min(a, b)),
      true,
    );
  }
  points.forEach((p, i) => {
    const at = headerSize + vlr + i * stride;
    [p.x, p.y, p.z].forEach((c, k) => {
      v.setInt32(at + 4 * k, Math.round((c - offset[k]!) / scale), true);
    });
    v.setUint16(at + 12, p.intensity, true);
    v.setUint8(at + 14, id >= 6 ? 0x21 : 0x11); // return 1 of 2
    v.setUint8(at + (id >= 6 ? 16 : 15), p.classByte);
    if (id === 1 || id === 3) v.setFloat64(at + 20, p.gpsTime ?? 0, true);
    if (id === 6) v.setFloat64(at + 22, p.gpsTime ?? 0, true);
    if (id === 3)
      p.rgb?.forEach((c, k) => {
        v.setUint16(at + 28 + 2 * k, c, true);
      });
  });
  return bytes;
}
