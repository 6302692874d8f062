import { z } from 'zod';

/** A closed [min, max] range; null leaves that end open. */
export const Range = z.tuple([z.number().nullable(), z.number().nullable()]);

export const Outcome = z.enum(['tp', 'fp', 'fn']);
export type Outcome = z.infer<typeof Outcome>;

const names = z.array(z.string().max(500)).max(1000);

/** Vertices a region polygon may have (the app simplifies a lasso to at most MAP_REGION_VERTICES). */
export const MAX_REGION_VERTICES = 200;
export const MAX_REGION_POLYGONS = 8;

/** False when every vertex lies on one line (or one point): such a polygon contains no point. */
export function polygonHasArea(polygon: readonly (readonly [number, number])[]): boolean {
  const [x0, y0] = polygon[0] ?? [0, 0];
  const d = polygon.find(([x, y]) => x !== x0 || y !== y0);
  if (!d) return false;
  return polygon.some(([x, y]) => (d[0] - x0) * (y - y0) - (d[1] - y0) * (x - x0) !== 0);
}

const Polygon = z
  .array(z.tuple([z.number(), z.number()]))
  .min(3)
  .max(MAX_REGION_VERTICES)
  .refine(polygonHasArea, { message: 'A region polygon encloses no area (its vertices lie on one line).' });

/**
 * A region of a stored 2-D projection (the map's lasso): the samples whose point of that projection
 * (`model`, `method`) lies inside one of the polygons, given in the projection's own coordinates. Inside
 * means within the polygon's bounding box (its sides included) and crossing an odd number of its edges
 * towards +x (the even-odd rule; core's map-region.ts gives the exact arithmetic, which the app repeats).
 * A sample without a point in that projection is outside; so is every sample when it is not stored.
 * `projection` names the projection the region was drawn on (the map's `fingerprint`, MapPointsHeader):
 * once `assay embed` stores another, the server refuses the region with STALE_MAP_REGION (409) rather
 * than select whatever points now lie inside. Without it (links from before) the region is taken as is.
 */
export const MapRegion = z
  .object({
    model: z.string().min(1).max(500),
    method: z.string().min(1).max(100),
    polygons: z.array(Polygon).min(1).max(MAX_REGION_POLYGONS),
    projection: z.string().min(1).max(64).optional(),
  })
  .strict();
export type MapRegion = z.infer<typeof MapRegion>;

/**
 * What the grid, the facets and the patches show. Every field narrows (AND across fields, OR within a
 * list). `classes`, `score` and `outcome` apply to annotations of the selected `sources` (all sources
 * when none is selected): a sample matches when one of its annotations passes all three.
 * Serialised in the page URL as `?f=<base64url(JSON)>` (encodeFilter / decodeFilter).
 */
export const Filter = z
  .object({
    classes: names.optional(),
    sources: names.optional(),
    splits: names.optional(),
    tags: names.optional(),
    issue_types: names.optional(),
    /** open, confirmed, fixed, ignored. Alone it selects samples with an issue of that status. */
    issue_status: names.optional(),
    /** Sample metric name (brightness, sharpness, ... or width/height) → range. */
    metrics: z.record(z.string().max(100), Range).optional(),
    /** Annotation attribute name → accepted values (as text). */
    attributes: z.record(z.string().max(200), names).optional(),
    /** Prediction confidence range, inclusive. */
    score: z.tuple([z.number(), z.number()]).optional(),
    /** Outcome in the latest eval run (needs an `assay eval` run). */
    outcome: z.array(Outcome).max(3).optional(),
    /** Languages of text samples (stated, else detected by `assay check`; `unknown` for neither). */
    languages: names.optional(),
    /** Case-insensitive substring of the sample's path (its key). */
    path: z.string().max(1000).optional(),
    /** Only these sample ids (a selection; at most 10,000). */
    ids: z.array(z.number().int()).max(10_000).optional(),
    /** Only samples inside a region of the embedding map (any number of them; see MapRegion). */
    region: MapRegion.optional(),
  })
  .strict();
export type Filter = z.infer<typeof Filter>;

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The filter as it goes into a URL: base64url of its UTF-8 JSON ('' for the empty filter). */
export function encodeFilter(filter: Filter): string {
  const json = JSON.stringify(filter);
  return json === '{}' ? '' : toBase64Url(new TextEncoder().encode(json));
}

/** Reads `?f=`; anything malformed or not a Filter gives the empty filter and `ok: false`. */
export function decodeFilter(text: string | null | undefined): { filter: Filter; ok: boolean } {
  if (!text) return { filter: {}, ok: true };
  try {
    const parsed = Filter.safeParse(JSON.parse(new TextDecoder().decode(fromBase64Url(text))));
    return parsed.success ? { filter: parsed.data, ok: true } : { filter: {}, ok: false };
  } catch {
    return { filter: {}, ok: false };
  }
}
