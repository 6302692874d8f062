import { categoryCurves, curveBuffers, FP, IGNORED, keptIndices, TP } from './curve.js';
import { scoreOrder } from './score-order.js';
import type { CocoAccumulated, CocoAreaMatches, CocoEvalImages, CocoEvalParams } from './types.js';

/**
 * One category's detections as accumulate reads them, gathered one evaluated batch of images after
 * another (in image order): per detection its score, its position in its (category, image) group and
 * the outcome code (ignored / TP / FP, 2 bits) at every area range and IoU threshold; per area range
 * the number of ground truth not ignored (npig). ~19 bytes a detection (bbox: 4 areas × 10 thresholds).
 */
class CategoryColumns {
  n = 0;
  score: Float64Array;
  pos: Int32Array;
  codes: Uint8Array;
  readonly npig: Float64Array;

  constructor(
    capacity: number,
    private readonly bytes: number,
    areas: number,
  ) {
    this.score = new Float64Array(capacity);
    this.pos = new Int32Array(capacity);
    this.codes = new Uint8Array(capacity * bytes);
    this.npig = new Float64Array(areas);
  }

  /** Room for `more` detections (grown by half again, at least). */
  reserve(more: number): void {
    const need = this.n + more;
    if (need <= this.score.length) return;
    const size = Math.max(need, Math.ceil(this.score.length * 1.5));
    const score = new Float64Array(size);
    score.set(this.score.subarray(0, this.n));
    const pos = new Int32Array(size);
    pos.set(this.pos.subarray(0, this.n));
    const codes = new Uint8Array(size * this.bytes);
    codes.set(this.codes.subarray(0, this.n * this.bytes));
    this.score = score;
    this.pos = pos;
    this.codes = codes;
  }
}

/**
 * pycocotools' `accumulate` over (category, image) groups that come in several evaluated batches of
 * whole images, in image order (issue 12: a project's boxes are evaluated a batch of images at a time). Each
 * batch's matches are reduced to compact columns (CategoryColumns); once a category's last batch is
 * in, `close` ranks its detections exactly as accumulate does — a stable sort on score descending over
 * the concatenation of its images' detections in image order, each image's in its score order (NumPy's
 * mergesort of `-dtScores`) — and writes its curves with accumulate's own code (curve.ts). Equal to
 * accumulate over all the batches at once, to the last bit.
 */
export class ColumnAccumulator {
  readonly out: CocoAccumulated;
  private readonly columns: (CategoryColumns | undefined)[];
  private readonly bytes: number;

  /** `K` categories of the whole evaluation; `capacity(k)`: the detections category k may get (a hint). */
  constructor(
    readonly params: CocoEvalParams,
    K: number,
    private readonly capacity: (k: number) => number = () => 0,
  ) {
    const T = params.iouThrs.length;
    const R = params.recThrs.length;
    const A = params.areaRanges.length;
    const M = params.maxDets.length;
    this.bytes = Math.ceil((T * A) / 4);
    this.columns = new Array<CategoryColumns | undefined>(K).fill(undefined);
    this.out = {
      params,
      counts: [T, R, K, A, M],
      precision: new Float64Array(T * R * K * A * M).fill(-1),
      recall: new Float64Array(T * K * A * M).fill(-1),
      scores: new Float64Array(T * R * K * A * M).fill(-1),
    };
  }

  /**
   * Adds one evaluated batch of whole images (evaluateImages with these params, over the whole
   * evaluation's categories), after the previous batches' images. `matchesOf(a)`: the batch's matches
   * in area range a (asked for once per range, in order); `gtIds`: its ground-truth ids (a match to
   * id 0 is no true positive, as in accumulate).
   */
  add(
    ev: CocoEvalImages,
    dtScores: Float64Array,
    gtIds: Float64Array,
    matchesOf: (a: number) => CocoAreaMatches,
  ): void {
    const [T, , , A] = this.out.counts;
    // Where each group's detections start in its category's columns.
    const at = new Int32Array(ev.groupCount);
    for (let g = 0; g < ev.groupCount; g++) {
      const cols = this.category(ev.groupCategory[g]!);
      const d0 = ev.dtStart[g]!;
      const D = ev.dtStart[g + 1]! - d0;
      cols.reserve(D);
      at[g] = cols.n;
      for (let d = 0; d < D; d++) {
        cols.score[cols.n] = dtScores[ev.dtOrder[d0 + d]!]!;
        cols.pos[cols.n++] = d;
      }
    }
    const { bytes } = this;
    for (let a = 0; a < A; a++) {
      const { gtIgnore, dtIgnore, dtMatches } = matchesOf(a);
      for (let g = 0; g < ev.groupCount; g++) {
        const cols = this.columns[ev.groupCategory[g]!]!;
        let npig = 0;
        for (let j = ev.gtStart[g]!; j < ev.gtStart[g + 1]!; j++) if (gtIgnore[j] === 0) npig++;
        cols.npig[a]! += npig;
        const d0 = ev.dtStart[g]!;
        const D = ev.dtStart[g + 1]! - d0;
        const { codes } = cols;
        for (let t = 0; t < T; t++) {
          const c = a * T + t;
          const byte = c >> 2;
          const shift = (c & 3) * 2;
          const row = T * d0 + t * D;
          for (let d = 0; d < D; d++) {
            const m = dtMatches[row + d]!;
            const code = dtIgnore[row + d] !== 0 ? IGNORED : m >= 0 && gtIds[m] !== 0 ? TP : FP;
            codes[(at[g]! + d) * bytes + byte]! |= code << shift;
          }
        }
      }
    }
  }

  private category(k: number): CategoryColumns {
    let cols = this.columns[k];
    if (cols === undefined) {
      if (!this.params.useCats || k < 0)
        throw new Error('ColumnAccumulator: categories are needed (useCats)');
      cols = new CategoryColumns(this.capacity(k), this.bytes, this.out.counts[3]);
      this.columns[k] = cols;
    }
    return cols;
  }

  /** Ranks category k's detections and writes its curves (after its last batch); lets its columns go. */
  close(k: number): void {
    const cols = this.columns[k];
    if (cols === undefined) return;
    this.columns[k] = undefined;
    const { n } = cols;
    const [T, , , A] = this.out.counts;
    const order = scoreOrder(cols.score, n);
    const score = new Float64Array(n);
    const pos = new Int32Array(n);
    let maxD = 0;
    for (let i = 0; i < n; i++) {
      const p = order[i]!;
      score[i] = cols.score[p]!;
      pos[i] = cols.pos[p]!;
      if (pos[i]! + 1 > maxD) maxD = pos[i]! + 1;
    }
    cols.score = new Float64Array(0);
    cols.pos = new Int32Array(0);
    const kept = this.params.maxDets.map((maxDet) => (maxDet >= maxD ? null : keptIndices(pos, maxDet)));
    const ranked = { n, score, kept };
    const buffers = curveBuffers(n);
    const codes = new Uint8Array(T * n);
    const { bytes } = this;
    const inOrder = rankedCodes(cols.codes, order, bytes);
    cols.codes = new Uint8Array(0);
    for (let a = 0; a < A; a++) {
      const npig = cols.npig[a]!;
      if (npig === 0) continue;
      for (let t = 0; t < T; t++) {
        const c = a * T + t;
        const byte = c >> 2;
        const shift = (c & 3) * 2;
        const into = t * n;
        for (let i = 0; i < n; i++) codes[into + i] = (inOrder[i * bytes + byte]! >> shift) & 3;
      }
      categoryCurves(this.out, k, a, ranked, codes, npig, false, buffers);
    }
  }
}

/**
 * A category's outcome codes (`bytes` per detection) in rank order: each detection's bytes read once
 * (issue 12: read through `order` once per area range and threshold, the largest category's codes,
 * 50 MB at 1M images, missed the cache on every read).
 */
function rankedCodes(codes: Uint8Array, order: Int32Array, bytes: number): Uint8Array {
  const n = order.length;
  const out = new Uint8Array(n * bytes);
  for (let i = 0; i < n; i++) {
    const from = order[i]! * bytes;
    const to = i * bytes;
    for (let b = 0; b < bytes; b++) out[to + b] = codes[from + b]!;
  }
  return out;
}
