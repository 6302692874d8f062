import { mulberry32 } from '../../random/mulberry32.js';

export interface MinHashOptions {
  /** Characters per shingle (default 5). */
  shingle?: number;
  /** LSH bands × rows per band = hash functions (defaults 16 × 8: pairs near Jaccard 0.7 and above meet). */
  bands?: number;
  rows?: number;
  /** Estimated Jaccard similarity a candidate pair needs (default 0.8). */
  threshold?: number;
  /** Seed of the hash functions (default 1): the same seed, the same pairs. */
  seed?: number;
}

/** FNV-1a over a string's UTF-16 units, 32 bits. */
function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * MinHash signatures of texts over character shingles, as one row-major Uint32Array (texts × hashes).
 * Hash i of a shingle is (a_i · h + b_i) mod 2^32 with odd a_i, seeded; a text shorter than a shingle is
 * one shingle. An empty text has the all-ones signature.
 */
export function minHashSignatures(texts: readonly string[], options: MinHashOptions = {}): Uint32Array {
  const k = options.shingle ?? 5;
  const n = (options.bands ?? 16) * (options.rows ?? 8);
  const random = mulberry32(options.seed ?? 1);
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = (Math.floor(random() * 2 ** 32) | 1) >>> 0;
    b[i] = Math.floor(random() * 2 ** 32) >>> 0;
  }
  const out = new Uint32Array(texts.length * n).fill(0xffffffff);
  texts.forEach((text, t) => {
    const row = t * n;
    const last = Math.max(0, text.length - k);
    if (text.length === 0) return;
    for (let s = 0; s <= last; s++) {
      const h = fnv1a(text, s, Math.min(text.length, s + k));
      for (let i = 0; i < n; i++) {
        const v = (Math.imul(a[i]!, h) + b[i]!) >>> 0;
        if (v < out[row + i]!) out[row + i] = v;
      }
    }
  });
  return out;
}

/**
 * Pairs of texts whose estimated Jaccard similarity (share of equal signature values) reaches the
 * threshold, found through LSH banding (texts sharing one band's values are candidates), sorted.
 */
export function nearDuplicatePairs(
  texts: readonly string[],
  options: MinHashOptions = {},
): { a: number; b: number; similarity: number }[] {
  const bands = options.bands ?? 16;
  const rows = options.rows ?? 8;
  const n = bands * rows;
  const threshold = options.threshold ?? 0.8;
  const sig = minHashSignatures(texts, options);
  const seen = new Set<string>();
  const pairs: { a: number; b: number; similarity: number }[] = [];
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<string, number[]>();
    for (let t = 0; t < texts.length; t++) {
      if (texts[t]!.length === 0) continue;
      const at = t * n + band * rows;
      const key = Array.from(sig.subarray(at, at + rows)).join(',');
      const bucket = buckets.get(key);
      if (bucket) bucket.push(t);
      else buckets.set(key, [t]);
    }
    for (const bucket of buckets.values()) {
      for (let x = 0; x < bucket.length; x++)
        for (let y = x + 1; y < bucket.length; y++) {
          const [p, q] = [bucket[x]!, bucket[y]!];
          const id = `${p},${q}`;
          if (seen.has(id)) continue;
          seen.add(id);
          let same = 0;
          for (let i = 0; i < n; i++) if (sig[p * n + i] === sig[q * n + i]) same++;
          if (same / n >= threshold) pairs.push({ a: p, b: q, similarity: same / n });
        }
    }
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}
