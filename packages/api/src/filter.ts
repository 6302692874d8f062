import { z } from 'zod';

/** A closed [min, max] range; null leaves that end open. */
export const Range = z.tuple([z.number().nullable(), z.number().nullable()]);

export const Outcome = z.enum(['tp', 'fp', 'fn']);
export type Outcome = z.infer<typeof Outcome>;

const names = z.array(z.string().max(500)).max(1000);

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
