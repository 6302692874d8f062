import { HammingIndex, hamming64, hashWords } from './hamming-pairs.js';
import type { SampleMetrics } from './sample-metrics.js';

export type NearDuplicateHashes = Pick<SampleMetrics, 'phash' | 'dhash' | 'viewPhashes' | 'viewDhashes'>;

export interface NearDuplicatePair {
  /** Indexes into the input, a < b. */
  a: number;
  b: number;
  /** pHash + dHash Hamming distance (0..128) of the best-matching views, one of them whole. */
  distance: number;
}

export interface NearDuplicateOptions {
  /** Largest pHash + dHash distance (of 128 bits) of a pair; default 20. */
  maxDistance?: number;
  /**
   * Candidates are pairs whose whole-image pHash or dHash is within this many bits of any view
   * (whole or crop) of the other; default 8. Larger finds a few more pairs and costs more.
   */
  candidateRadius?: number;
  signal?: AbortSignal;
}

/**
 * Defaults measured on fixtures/photos (26 real photos × 8 alterations, see
 * node/scan/near-duplicate-photos.test.ts): the nearest unrelated pair scores 22, so 20 keeps
 * unrelated photos apart while re-encodes, resizes, crops, frames and watermarks mostly score lower.
 */
export const NEAR_DUPLICATE_DEFAULTS = { maxDistance: 20, candidateRadius: 8 } as const;

/** Views per image: the whole image, then the five crops. */
const VIEWS = 6;

/**
 * Near-duplicate pairs without comparing all pairs. Each image has six views (whole + five 90%
 * crops), each with a 64-bit pHash and dHash. Two multi-indexes (pHash, dHash) hold every view;
 * each image's whole-image hashes are searched within `candidateRadius` bits. A candidate pair is
 * kept when, for some pair of views of which at least one is whole, pHash + dHash distance ≤
 * `maxDistance` (two hashes must agree, which keeps unrelated look-alikes apart).
 */
export function findNearDuplicates(
  items: readonly NearDuplicateHashes[],
  options: NearDuplicateOptions = {},
): NearDuplicatePair[] {
  const maxDistance = options.maxDistance ?? NEAR_DUPLICATE_DEFAULTS.maxDistance;
  const radius = options.candidateRadius ?? NEAR_DUPLICATE_DEFAULTS.candidateRadius;
  const p = viewWords(items, (h) => [h.phash, ...h.viewPhashes]);
  const d = viewWords(items, (h) => [h.dhash, ...h.viewDhashes]);
  const candidates = new Set<number>();
  const n = items.length;
  for (const words of [p, d]) {
    const index = new HammingIndex(words.hi, words.lo, radius);
    for (let i = 0; i < n; i++) {
      if ((i & 0xfff) === 0 && options.signal?.aborted) break;
      index.search(words.hi[i * VIEWS]!, words.lo[i * VIEWS]!, (entry) => {
        const j = Math.floor(entry / VIEWS);
        if (j !== i) candidates.add(i < j ? i * n + j : j * n + i);
      });
    }
  }
  const pairs: NearDuplicatePair[] = [];
  for (const key of candidates) {
    const a = Math.floor(key / n);
    const b = key - a * n;
    const distance = pairDistance(p, d, a, b);
    if (distance <= maxDistance) pairs.push({ a, b, distance });
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

interface Words {
  hi: Uint32Array;
  lo: Uint32Array;
}

function viewWords(
  items: readonly NearDuplicateHashes[],
  views: (h: NearDuplicateHashes) => bigint[],
): Words {
  const hi = new Uint32Array(items.length * VIEWS);
  const lo = new Uint32Array(items.length * VIEWS);
  items.forEach((item, i) => {
    const hashes = views(item);
    for (let v = 0; v < VIEWS; v++) {
      // an image without crop hashes repeats its whole-image hash
      [hi[i * VIEWS + v], lo[i * VIEWS + v]] = hashWords(hashes[v] ?? hashes[0]!);
    }
  });
  return { hi, lo };
}

/** min over view pairs (whole, any) and (any, whole) of pHash + dHash distance. */
export function pairDistance(p: Words, d: Words, a: number, b: number): number {
  const both = (x: number, y: number) =>
    hamming64(p.hi[x]!, p.lo[x]!, p.hi[y]!, p.lo[y]!) + hamming64(d.hi[x]!, d.lo[x]!, d.hi[y]!, d.lo[y]!);
  let best = Number.POSITIVE_INFINITY;
  for (let v = 0; v < VIEWS; v++) {
    best = Math.min(best, both(a * VIEWS, b * VIEWS + v), both(a * VIEWS + v, b * VIEWS));
  }
  return best;
}
