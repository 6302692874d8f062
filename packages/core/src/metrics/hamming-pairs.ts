/**
 * All pairs of 64-bit hashes within a Hamming radius, without comparing all pairs: multi-index
 * hashing (Norouzi, Punjani & Fleet, "Fast Search in Hamming Space with Multi-Index Hashing", CVPR
 * 2012). The 64 bits are cut into m bands; if two hashes differ in at most r bits, by the pigeonhole
 * principle some band differs in at most ⌊r/m⌋ bits. Each band gets a table from band value to the
 * items holding it; each item looks up every band value within ⌊r/m⌋ bits of its own, and the
 * candidates are verified on the full 64 bits. m is chosen per call to minimise the expected
 * number of probes and candidates for n uniformly spread hashes.
 *
 * Hashes are passed as two Uint32Arrays (high and low words): bigint arithmetic is ~50× slower.
 */
export interface HammingPairs {
  /** Pair i: items a[i] < b[i], differing in d[i] ≤ radius bits. */
  a: Uint32Array;
  b: Uint32Array;
  d: Uint8Array;
  count: number;
  /** Full 64-bit comparisons made (candidates verified), to compare with n(n-1)/2. */
  comparisons: number;
}

export interface HammingPairsOptions {
  /** Number of bands; default: the cheapest of 3..8 for this n and radius. */
  bands?: number;
  /** Called with the number of items queried so far, every 65,536 items. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const MAX_BAND_BITS = 22;

export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hamming64(hiA: number, loA: number, hiB: number, loB: number): number {
  return popcount32((hiA ^ hiB) >>> 0) + popcount32((loA ^ loB) >>> 0);
}

/** Splits a bigint hash into the [high, low] 32-bit words hammingPairs takes. */
export function hashWords(hash: bigint): [number, number] {
  return [Number((hash >> 32n) & 0xffffffffn), Number(hash & 0xffffffffn)];
}

export function hammingPairs(
  hi: Uint32Array,
  lo: Uint32Array,
  radius: number,
  options: HammingPairsOptions = {},
): HammingPairs {
  const n = hi.length;
  const index = new HammingIndex(hi, lo, radius, options.bands);
  const out = new PairSink();
  for (let i = 0; i < n; i++) {
    if ((i & 0xffff) === 0) {
      if (options.signal?.aborted) break;
      options.onProgress?.(i, n);
    }
    out.comparisons += index.search(
      hi[i]!,
      lo[i]!,
      (j, d) => {
        if (j > i) out.push(i, j, d);
      },
      i,
    );
  }
  options.onProgress?.(n, n);
  return out.result();
}

/**
 * A multi-index over 64-bit hashes for one search radius: `search` visits every indexed hash within
 * `radius` bits of a query exactly once.
 */
export class HammingIndex {
  private readonly sub: number;
  private readonly layout: Band[];
  private readonly values: Uint32Array[];
  private readonly tables: { start: Uint32Array; items: Uint32Array }[];
  private readonly masks: Uint32Array[];
  private readonly query: Uint32Array;

  constructor(
    private readonly hi: Uint32Array,
    private readonly lo: Uint32Array,
    private readonly radius: number,
    bands = cheapestBandCount(hi.length, radius),
  ) {
    this.layout = bandLayout(bands);
    this.sub = Math.floor(radius / bands);
    this.values = this.layout.map((band) => bandValues(hi, lo, band));
    this.tables = this.values.map((v, k) => bucketTable(v, this.layout[k]!.bits));
    this.masks = this.layout.map((band) => flipMasks(band.bits, this.sub));
    this.query = new Uint32Array(bands);
  }

  /**
   * Calls `visit(j, distance)` for each indexed hash j within the radius of (qhi, qlo); `self` is
   * the query's own index when it is indexed (it is skipped). Returns the candidates verified.
   */
  search(qhi: number, qlo: number, visit: (j: number, distance: number) => void, self = -1): number {
    const { values, tables, masks, query, sub, hi, lo, radius } = this;
    const bands = this.layout.length;
    for (let k = 0; k < bands; k++) query[k] = bandValue(qhi, qlo, this.layout[k]!);
    let comparisons = 0;
    for (let k = 0; k < bands; k++) {
      const own = query[k]!;
      const { start, items } = tables[k]!;
      const bandMasks = masks[k]!;
      for (let m = 0; m < bandMasks.length; m++) {
        const key = (own ^ bandMasks[m]!) >>> 0;
        const end = start[key + 1]!;
        comparisons += end - start[key]!;
        for (let p = start[key]!; p < end; p++) {
          const j = items[p]!;
          const d = popcount32((qhi ^ hi[j]!) >>> 0) + popcount32((qlo ^ lo[j]!) >>> 0);
          // verify first: the (rarer) check that an earlier band already found j only runs on hits
          if (d <= radius && j !== self && !foundInEarlierBand(values, query, k, j, sub)) visit(j, d);
        }
      }
    }
    return comparisons;
  }
}

/** The hash was (or will be) visited from band e < k when band e is also within `sub` bits. */
function foundInEarlierBand(
  values: Uint32Array[],
  query: Uint32Array,
  k: number,
  j: number,
  sub: number,
): boolean {
  for (let e = 0; e < k; e++) {
    if (popcount32((values[e]![j]! ^ query[e]!) >>> 0) <= sub) return true;
  }
  return false;
}

interface Band {
  /** First bit (0 = least significant of the 64) and width. */
  offset: number;
  bits: number;
}

function bandLayout(bands: number): Band[] {
  const layout: Band[] = [];
  let offset = 0;
  for (let k = 0; k < bands; k++) {
    const bits = Math.floor(64 / bands) + (k < 64 % bands ? 1 : 0);
    layout.push({ offset, bits });
    offset += bits;
  }
  return layout;
}

/** Bits [offset, offset + bits) of the 64-bit value hi:lo. */
function bandValue(hi: number, lo: number, band: Band): number {
  const mask = band.bits >= 32 ? 0xffffffff : (1 << band.bits) - 1;
  const low = band.offset >= 32 ? hi >>> (band.offset - 32) : lo >>> band.offset;
  const high = band.offset > 0 && band.offset < 32 ? hi << (32 - band.offset) : 0;
  return ((low | high) & mask) >>> 0;
}

function bandValues(hi: Uint32Array, lo: Uint32Array, band: Band): Uint32Array {
  const out = new Uint32Array(hi.length);
  for (let i = 0; i < hi.length; i++) out[i] = bandValue(hi[i]!, lo[i]!, band);
  return out;
}

/** Items grouped by band value (counting sort): items[start[v] .. start[v+1]) hold value v. */
function bucketTable(values: Uint32Array, bits: number): { start: Uint32Array; items: Uint32Array } {
  const start = new Uint32Array((1 << bits) + 1);
  for (const v of values) start[v + 1]!++;
  for (let v = 0; v < 1 << bits; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, 1 << bits);
  const items = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) items[fill[values[i]!]!++] = i;
  return { start, items };
}

/** Every `bits`-bit mask with at most `weight` bits set (0 first). */
export function flipMasks(bits: number, weight: number): Uint32Array {
  const masks: number[] = [0];
  const grow = (mask: number, from: number, left: number): void => {
    if (left === 0) return;
    for (let b = from; b < bits; b++) {
      const next = (mask | (1 << b)) >>> 0;
      masks.push(next);
      grow(next, b + 1, left - 1);
    }
  };
  grow(0, 0, weight);
  return Uint32Array.from(masks);
}

function binomialSum(bits: number, weight: number): number {
  let total = 0;
  let c = 1;
  for (let k = 0; k <= weight; k++) {
    total += c;
    c = (c * (bits - k)) / (k + 1);
  }
  return total;
}

/**
 * A probe is a random read of a table that may not fit in cache; a candidate is a sequential read
 * and two popcounts. Measured on 1M hashes, a probe costs about as much as 20 candidates.
 */
const PROBE_COST = 20;

/** Expected cost per item for uniformly spread hashes (probes weighted, plus candidates), minimised over m. */
function cheapestBandCount(n: number, radius: number): number {
  let best = 8;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let m = 3; m <= 8; m++) {
    const bits = Math.ceil(64 / m);
    if (bits > MAX_BAND_BITS) continue;
    const probes = m * binomialSum(bits, Math.floor(radius / m));
    const cost = probes * (PROBE_COST + n / 2 ** bits);
    if (cost < bestCost) {
      bestCost = cost;
      best = m;
    }
  }
  return best;
}

class PairSink {
  private a = new Uint32Array(1024);
  private b = new Uint32Array(1024);
  private d = new Uint8Array(1024);
  private n = 0;
  comparisons = 0;

  push(i: number, j: number, distance: number): void {
    if (this.n === this.a.length) {
      const grow = <T extends Uint32Array | Uint8Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(x.length * 2);
        y.set(x);
        return y;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.d = grow(this.d);
    }
    this.a[this.n] = i;
    this.b[this.n] = j;
    this.d[this.n] = distance;
    this.n++;
  }

  result(): HammingPairs {
    const n = this.n;
    return {
      a: this.a.subarray(0, n),
      b: this.b.subarray(0, n),
      d: this.d.subarray(0, n),
      count: n,
      comparisons: this.comparisons,
    };
  }
}
