import { hammingPairs, hashWords } from './hamming-pairs.js';
import type { SampleMetrics } from './sample-metrics.js';

export type NearDuplicateHashes = Pick<SampleMetrics, 'phash' | 'dhash' | 'phashCentre'>;

export interface NearDuplicatePair {
  /** Indexes into the input, a < b. */
  a: number;
  b: number;
  /** The smaller pHash distance of the pair (whole image or trimmed centre). */
  distance: number;
}

export interface NearDuplicateOptions {
  /** Largest pHash Hamming distance (of either the whole or the centre hash); default 10. */
  radius?: number;
  signal?: AbortSignal;
}

export const NEAR_DUPLICATE_DEFAULTS = { radius: 10 } as const;

/**
 * Pairs of images whose whole-image or trimmed-centre pHash differ in at most `radius` bits, found
 * through multi-index hashing (no all-pairs comparison).
 */
export function findNearDuplicates(
  items: readonly NearDuplicateHashes[],
  options: NearDuplicateOptions = {},
): NearDuplicatePair[] {
  const radius = options.radius ?? NEAR_DUPLICATE_DEFAULTS.radius;
  const best = new Map<string, NearDuplicatePair>();
  for (const pick of [(h: NearDuplicateHashes) => h.phash, (h: NearDuplicateHashes) => h.phashCentre]) {
    const hi = new Uint32Array(items.length);
    const lo = new Uint32Array(items.length);
    items.forEach((item, i) => {
      [hi[i], lo[i]] = hashWords(pick(item));
    });
    const pairs = hammingPairs(hi, lo, radius, options.signal ? { signal: options.signal } : {});
    for (let k = 0; k < pairs.count; k++) {
      const a = pairs.a[k]!;
      const b = pairs.b[k]!;
      const key = `${a}:${b}`;
      const known = best.get(key);
      if (!known || known.distance > pairs.d[k]!) best.set(key, { a, b, distance: pairs.d[k]! });
    }
  }
  return [...best.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}
