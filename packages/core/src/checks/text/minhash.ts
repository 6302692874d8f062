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
 * Seeded MinHash over character shingles: hash i of a shingle is (a_i · h + b_i) mod 2^32 with odd a_i;
 * `sign` writes one text's b-bit signature (the low 16 bits of each minimum; Li and König 2010) into a
 * row of a Uint16Array. A text shorter than a shingle is one shingle; an empty text has the all-ones
 * signature. Two texts' share of equal values estimates their Jaccard similarity J (plus (1 − J)/65536
 * from 16-bit collisions).
 */
export class MinHasher {
  /** Hash functions = values per signature. */
  readonly size: number;
  private readonly k: number;
  private readonly a: Uint32Array;
  private readonly b: Uint32Array;
  private readonly min: Uint32Array;

  constructor(options: MinHashOptions = {}) {
    this.k = options.shingle ?? 5;
    const n = (options.bands ?? 16) * (options.rows ?? 4);
    this.size = n;
    const random = mulberry32(options.seed ?? 1);
    this.a = new Uint32Array(n);
    this.b = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      this.a[i] = (Math.floor(random() * 2 ** 32) | 1) >>> 0;
      this.b[i] = Math.floor(random() * 2 ** 32) >>> 0;
    }
    this.min = new Uint32Array(n);
  }

  /** Writes `text`'s signature at `out[row * size ...]`. */
  sign(text: string, out: Uint16Array, row: number): void {
    const { a, b, min, k, size: n } = this;
    const at = row * n;
    if (text.length === 0) {
      out.fill(0xffff, at, at + n);
      return;
    }
    min.fill(0xffffffff);
    const last = Math.max(0, text.length - k);
    for (let s = 0; s <= last; s++) {
      const h = fnv1a(text, s, Math.min(text.length, s + k));
      for (let i = 0; i < n; i++) {
        const v = (Math.imul(a[i]!, h) + b[i]!) >>> 0;
        if (v < min[i]!) min[i] = v;
      }
    }
    for (let i = 0; i < n; i++) out[at + i] = min[i]! & 0xffff;
  }
}

/**
 * b-bit MinHash signatures of texts (MinHasher), one row-major Uint16Array (texts × hashes): 128 bytes a
 * text at 64 hashes, so a million texts take 128 MB.
 */
export function minHashSignatures(texts: readonly string[], options: MinHashOptions = {}): Uint16Array {
  const hasher = new MinHasher(options);
  const out = new Uint16Array(texts.length * hasher.size);
  texts.forEach((text, t) => {
    hasher.sign(text, out, t);
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

export interface NearDuplicatePair {
  a: number;
  b: number;
  similarity: number;
}

/**
 * Near duplicates through LSH banding: texts sharing one band's values are candidates, verified by
 * their estimated Jaccard similarity. Each text is reported at most once, paired with an earlier text
 * (`a < b`) it is near: within a bucket (members in text order), a text is compared with the bucket's
 * representatives (texts not yet paired; at most `perBucket`), so a cluster of a hundred thousand
 * copies costs linear time, not quadratic. Sorted by `b`.
 */
export function nearDuplicatePairs(
  texts: readonly string[],
  options: MinHashOptions = {},
): NearDuplicatePair[] {
  const sig = minHashSignatures(texts, options);
  const skip = new Uint8Array(texts.length);
  texts.forEach((t, i) => {
    if (t.length === 0) skip[i] = 1;
  });
  return nearDuplicatePairsOf(sig, texts.length, skip, options);
}

/**
 * nearDuplicatePairs over signatures already made (`count` rows of `sig`, MinHasher), leaving out the
 * rows `skip` marks (empty texts). Buckets are an open-addressing table over typed arrays, each a chain
 * in text order: no object per text or bucket.
 */
export function nearDuplicatePairsOf(
  sig: Uint16Array,
  count: number,
  skip: Uint8Array,
  options: MinHashOptions = {},
): NearDuplicatePair[] {
  const bands = options.bands ?? 16;
  const rows = options.rows ?? 4;
  const n = bands * rows;
  const threshold = options.threshold ?? 0.8;
  const cap = options.perBucket ?? 32;
  const pairedWith = new Int32Array(count).fill(-1);
  const similarity = new Float64Array(count);
  let capacity = 16;
  while (capacity < 2 * count) capacity *= 2;
  const mask = capacity - 1;
  const slotKey = new Float64Array(capacity);
  const head = new Int32Array(capacity);
  const tail = new Int32Array(capacity);
  const next = new Int32Array(count);
  const reps = new Int32Array(cap);
  for (let band = 0; band < bands; band++) {
    head.fill(-1);
    for (let t = 0; t < count; t++) {
      next[t] = -1;
      if (skip[t]) continue;
      const key = bandKey(sig, t * n + band * rows, rows);
      let slot = (Math.imul((key % 0x100000000) >>> 0, 0x9e3779b1) ^ Math.floor(key / 0x100000000)) & mask;
      while (head[slot]! >= 0 && slotKey[slot] !== key) slot = (slot + 1) & mask;
      if (head[slot]! < 0) {
        head[slot] = t;
        slotKey[slot] = key;
      } else next[tail[slot]!] = t;
      tail[slot] = t;
    }
    for (let slot = 0; slot < capacity; slot++) {
      const first = head[slot]!;
      if (first < 0 || next[first]! < 0) continue;
      let kept = 0;
      for (let t = first; t >= 0; t = next[t]!) {
        if (pairedWith[t]! >= 0) continue;
        let found = -1;
        for (let r = 0; r < kept && r < cap; r++) {
          const s = similarityOf(sig, reps[r]!, t, n);
          if (s >= threshold) {
            found = reps[r]!;
            similarity[t] = s;
            break;
          }
        }
        if (found >= 0) pairedWith[t] = found;
        else if (kept < cap) reps[kept++] = t;
      }
    }
  }
  const pairs: NearDuplicatePair[] = [];
  for (let t = 0; t < count; t++)
    if (pairedWith[t]! >= 0) pairs.push({ a: pairedWith[t]!, b: t, similarity: similarity[t]! });
  return pairs;
}
