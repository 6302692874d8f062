import { z } from 'zod';

/**
 * GET /api/embedding-map?model=&method=: the stored 2-D projection as columns (index i = one sample),
 * with what the map colours by. `class`/`split` index `classes`/`splits` (−1: none).
 */
export const EmbeddingMapResponse = z.object({
  projections: z.array(z.object({ model: z.string(), method: z.string() })),
  model: z.string().nullable(),
  method: z.string().nullable(),
  ids: z.array(z.number().int()),
  x: z.array(z.number()),
  y: z.array(z.number()),
  classes: z.array(z.string()),
  class: z.array(z.number().int()),
  splits: z.array(z.string()),
  split: z.array(z.number().int()),
  issues: z.array(z.number().int()),
});
export type EmbeddingMapResponse = z.infer<typeof EmbeddingMapResponse>;

/**
 * GET /api/embedding-map/points?model=&method=: the projection as binary columns (a million points is
 * 12 MB instead of ~30 MB of JSON, and needs no parsing): a JSON header, then ids (Int32), x, y
 * (Float32), in sample-id order. Layout of every binary map answer: u32 LE header length, the header
 * (UTF-8 JSON), zero padding to a multiple of 4, then the columns, each padded to a multiple of 4.
 */
export const MapPointsHeader = z.object({
  projections: z.array(z.object({ model: z.string(), method: z.string() })),
  model: z.string().nullable(),
  method: z.string().nullable(),
  count: z.number().int().min(0),
  /** The shown projection's fingerprint (null: none stored); a map region drawn on it names it (MapRegion.projection). */
  fingerprint: z.string().nullable(),
});
export type MapPointsHeader = z.infer<typeof MapPointsHeader>;

/**
 * GET /api/embedding-map/colours?model=&method=&by=: one category per point (Uint8, same order as the
 * points; 255 = none): `labels` name the categories (ordered metric bins when `ramp`), `modes` lists
 * what `by` accepts, `revision` is the project's revision for tagging the points through POST /api/edits.
 */
export const MapColoursHeader = z.object({
  by: z.string(),
  labels: z.array(z.string()),
  ramp: z.boolean(),
  count: z.number().int().min(0),
  modes: z.array(z.string()),
  revision: z.number().int().min(0),
});
export type MapColoursHeader = z.infer<typeof MapColoursHeader>;

/** Header + typed-array columns in the binary layout above. */
export function encodeColumns(header: unknown, columns: readonly ArrayBufferView[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (n: number) => (n + 3) & ~3;
  let size = pad(4 + json.length);
  for (const c of columns) size += pad(c.byteLength);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let at = pad(4 + json.length);
  for (const c of columns) {
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += pad(c.byteLength);
  }
  return out;
}

/** The header (unparsed JSON) and a reader of the columns that follow it, in order. */
export function decodeColumns(buffer: ArrayBuffer): {
  header: unknown;
  next: <T>(
    make: new (b: ArrayBuffer, offset: number, length: number) => T,
    length: number,
    bytes: number,
  ) => T;
} {
  const length = new DataView(buffer).getUint32(0, true);
  const header: unknown = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
  let at = (4 + length + 3) & ~3;
  return {
    header,
    next(make, n, bytes) {
      if (at + n * bytes > buffer.byteLength)
        throw new Error('The binary map answer is shorter than its header says.');
      const column = new make(buffer, at, n);
      at += (n * bytes + 3) & ~3;
      return column;
    },
  };
}
