import { mulberry32 } from '../../random/mulberry32.js';

export interface MinHashOptions {
  /** Characters per shingle (default 5). */
  shingle?: number;
  /**
   * LSH bands × rows per band = hash functions (defaults 16 × 4 = 64: a pair of Jaccard s meets in some
   * band with probability 1 − (1 − s⁴)¹⁶, 0.999 at s = 0.8, 0.64 at s = 0.5; candidates are verified).
   */
  bands?: number;
  rows?: number;
  /** Estimated Jaccard similarity a candidate pair needs (default 0.8). */
  threshold?: number;
  /** Seed of the hash functions (default 1): the same seed, the same pairs. */
  seed?: number;
  /** Representatives a text is compared with in one bucket before it is left (default 32). */
  perBucket?: number;
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
 * b-bit MinHash signatures (the low 16 bits of each minimum; Li and König 2010) of texts over character
 * shingles, one row-major Uint16Array (texts × hashes): 128 bytes a text at 64 hashes, so a million
 * texts take 128 MB. Hash i of a shingle is (a_i · h + b_i) mod 2^32 with odd a_i, seeded; a text
 * shorter than a shingle is one shingle; an empty text has the all-ones signature. Two texts' share of
 * equal values estimates their Jaccard similarity J (plus (1 − J)/65536 from 16-bit collisions).
 */
export function minHashSignatures(texts: readonly string[], options: MinHashOptions = {}): Uint16Array {
  const k = options.shingle ?? 5;
  const n = (options.bands ?? 16) * (options.rows ?? 4);
  const random = mulberry32(options.seed ?? 1);
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = (Math.floor(random() * 2 ** 32) | 1) >>> 0;
    b[i] = Math.floor(random() * 2 ** 32) >>> 0;
  }
  const out = new Uint16Array(texts.length * n).fill(0xffff);
  const min = new Uint32Array(n);
  texts.forEach((text, t) => {
    if (text.length === 0) return;
    min.fill(0xffffffff);
    const last = Math.max(0, text.length - k);
    for (let s = 0; s <= last; s++) {
      const h = fnv1a(text, s, Math.min(text.length, s + k));
      for (let i = 0; i < n; i++) {
        const v = (Math.imul(a[i]!, h) + b[i]!) >>> 0;
        if (v < min[i]!) min[i] = v;
      }
    }
    const row = t * n;
    for (let i = 0; i < n; i++) out[row + i] = min[i]! & 0xffff;
  });
  return out;
}

/** A band's values as one number below 2^53 (two 32-bit FNV-style hashes); equal bands, equal keys. */
function bandKey(sig: Uint16Array, at: number, rows: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < rows; i++) {
    const v = sig[at + i]!;
    h1 = Math.imul(h1 ^ v, 0x01000193);
    h2 = Math.imul(h2 ^ v, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

function similarityOf(sig: Uint16Array, p: number, q: number, n: number): number {
  let same = 0;
  for (let i = 0; i < n; i++) if (sig[p * n + i] === sig[q * n + i]) same++;
  return same / n;
}

/**
 * Near duplicates through LSH banding: texts sharing one band's values are candidates, verified by
 * their estimated Jaccard similarity. Each text is reported at most once, paired with an earlier text
 * (`a < b`) it is near: within a bucket, a text is compared with the bucket's representatives (texts
 * not yet paired; at most `perBucket`), so a cluster of a hundred thousand copies costs linear time, not
 * quadratic. Sorted by `b`.
 */
export function nearDuplicatePairs(
  texts: readonly string[],
  options: MinHashOptions = {},
): { a: number; b: number; similarity: number }[] {
  const bands = options.bands ?? 16;
  const rows = options.rows ?? 4;
  const n = bands * rows;
  const threshold = options.threshold ?? 0.8;
  const cap = options.perBucket ?? 32;
  const sig = minHashSignatures(texts, { ...options, bands, rows });
  const pairedWith = new Int32Array(texts.length).fill(-1);
  const similarity = new Float64Array(texts.length);
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<number, number[]>();
    for (let t = 0; t < texts.length; t++) {
      if (texts[t]!.length === 0) continue;
      const key = bandKey(sig, t * n + band * rows, rows);
      const bucket = buckets.get(key);
      if (bucket) bucket.push(t);
      else buckets.set(key, [t]);
    }
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) continue;
      const reps: number[] = [];
      for (const t of bucket) {
        if (pairedWith[t]! >= 0) continue;
        let found = -1;
        for (let r = 0; r < reps.length && r < cap; r++) {
          const s = similarityOf(sig, reps[r]!, t, n);
          if (s >= threshold) {
            found = reps[r]!;
            similarity[t] = s;
            break;
          }
        }
        if (found >= 0) pairedWith[t] = found;
        else reps.push(t);
      }
    }
  }
  const pairs: { a: number; b: number; similarity: number }[] = [];
  for (let t = 0; t < texts.length; t++)
    if (pairedWith[t]! >= 0) pairs.push({ a: pairedWith[t]!, b: t, similarity: similarity[t]! });
  return pairs;
}
