import { CLS, LOC } from './tide-image.js';
import { type FixPointArrays, type FixPointInputs, WasmTideAp } from './wasm/wasm-tide-ap.js';

/**
 * Growable typed columns of records appended one at a time (TIDE's errors and true positives). Without
 * `full`, only type, category and score are kept (the data points of an AP: issue 12, 9 bytes fewer a record).
 */
export class GrowableColumns {
  n = 0;
  category: Int32Array;
  score: Float64Array;
  type: Int8Array;
  det: Int32Array;
  gt: Int32Array;
  ignored: Uint8Array;

  /** `capacity`: the records it holds before it grows (by half again: issue 12, less room left unused). */
  constructor(
    private readonly full = true,
    capacity = 1024,
  ) {
    this.category = new Int32Array(capacity);
    this.score = new Float64Array(capacity);
    this.type = new Int8Array(capacity);
    const size = full ? capacity : 0;
    this.det = new Int32Array(size);
    this.gt = new Int32Array(size);
    this.ignored = new Uint8Array(size);
  }

  push(type: number, det: number, gt: number, category: number, score: number, ignored: boolean): void {
    if (this.n === this.category.length) this.grow();
    const i = this.n++;
    this.type[i] = type;
    this.category[i] = category;
    this.score[i] = score;
    if (!this.full) return;
    this.det[i] = det;
    this.gt[i] = gt;
    this.ignored[i] = ignored ? 1 : 0;
  }

  /** Holds the first `n` records of these columns (made elsewhere: tide-image.wat's) instead of its own. */
  adopt(
    n: number,
    c: {
      type: Int8Array;
      category: Int32Array;
      score: Float64Array;
      det?: Int32Array;
      gt?: Int32Array;
      ignored?: Uint8Array;
    },
  ): void {
    this.n = n;
    this.type = c.type;
    this.category = c.category;
    this.score = c.score;
    if (!this.full) return;
    this.det = c.det ?? new Int32Array(c.type.length);
    this.gt = c.gt ?? new Int32Array(c.type.length);
    this.ignored = c.ignored ?? new Uint8Array(c.type.length);
  }

  /** Lets go of the scores, detections and ground truth (type, category and ignored stay readable). */
  keepTypesOnly(): void {
    this.score = new Float64Array(0);
    this.det = new Int32Array(0);
    this.gt = new Int32Array(0);
  }

  private grow(): void {
    const size = Math.max(1024, Math.ceil(1.5 * this.category.length));
    const more = <T extends Int32Array | Float64Array | Int8Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.category = more(this.category);
    this.score = more(this.score);
    this.type = more(this.type);
    if (!this.full) return;
    this.det = more(this.det);
    this.gt = more(this.gt);
    this.ignored = more(this.ignored);
  }
}

/**
 * Data points (class, positive) in one order, as TIDE's AP reads them per class: within a class the
 * points must already be sorted by score descending, ties in insertion order (dbolya/tide's stable
 * sort). Filled by the caller, then `meanAp` as TideApData's; `reset` empties it for the next set of
 * points (the buffers are kept).
 */
export class OrderedPoints {
  private n = 0;
  private readonly category: Int32Array;
  private readonly positive: Uint8Array;
  /** Per class: points, true positives, and (while filling the precisions) those seen so far. */
  private readonly points: Int32Array;
  private readonly positives: Int32Array;
  private readonly seen: Int32Array;
  private readonly tpSeen: Int32Array;
  private readonly offset: Int32Array;
  /** Precision at each true positive, grouped by class. */
  private readonly precision: Float64Array;
  private readonly kernel: WasmTideAp | undefined;

  /** `gtObjects`: the ground-truth objects of the fix points made by `makeFixPoints` (tide.ts), if any. */
  constructor(
    capacity: number,
    readonly categoryCount: number,
    public gtCount: Float64Array,
    gtObjects = 0,
  ) {
    // The mean AP by tide-ap.wat where it takes these points (its memory holds them), else below.
    this.kernel = WasmTideAp.create(capacity, categoryCount, gtObjects);
    this.category = this.kernel?.category ?? new Int32Array(capacity);
    this.positive = this.kernel?.positive ?? new Uint8Array(capacity);
    this.precision = new Float64Array(this.kernel ? 0 : capacity);
    this.points = new Int32Array(categoryCount);
    this.positives = new Int32Array(categoryCount);
    this.seen = new Int32Array(categoryCount);
    this.tpSeen = new Int32Array(categoryCount);
    this.offset = new Int32Array(categoryCount + 1);
  }

  reset(gtCount: Float64Array): void {
    this.n = 0;
    this.gtCount = gtCount;
  }

  push(category: number, positive: boolean): void {
    const i = this.n++;
    this.category[i] = category;
    this.positive[i] = positive ? 1 : 0;
  }

  /** Arrays for up to `capacity` fix points (tide.ts): in the kernel's memory when it has one. */
  fixArrays(n: number): FixPointArrays {
    if (this.kernel) return this.kernel.fix;
    return {
      kind: new Int8Array(n),
      category: new Int32Array(n),
      ignored: new Uint8Array(n),
      fixedCategory: new Int32Array(n),
    };
  }

  /**
   * tide.ts fixPoints into `fixArrays` by the kernel (tide-ap.wat fixPoints, the same as tide.ts's
   * loop); false without a kernel or room for them (the caller fills them).
   */
  makeFixPoints(input: FixPointInputs): boolean {
    return this.kernel?.fixPoints(input) ?? false;
  }

  /**
   * The points of `fix` from the first n fix points of `fixArrays` by the kernel (tide-ap.wat
   * fixedPoints, the same as tide.ts's loops); false without a kernel (the caller pushes them).
   */
  pushFixed(n: number, fix: number): boolean {
    if (!this.kernel) return false;
    this.n = this.kernel.fixedPoints(n, fix);
    return true;
  }

  /**
   * Mean AP over the classes with data points or ground truth (TideApData.meanAp), the same numbers
   * from the true positives alone: precision only rises at a true positive, so the envelope at any
   * point is the highest precision at this or a later true positive, and the first point whose recall
   * reaches a recall threshold is a true positive (the first point, for threshold 0).
   */
  meanAp(): number {
    if (this.kernel) return this.kernel.meanAp(this.n, this.gtCount);
    const K = this.categoryCount;
    const { category, positive, points, positives, seen, tpSeen, offset, precision } = this;
    points.fill(0);
    positives.fill(0);
    seen.fill(0);
    tpSeen.fill(0);
    countPoints(category, positive, this.n, points, positives);
    for (let k = 0; k < K; k++) offset[k + 1] = offset[k]! + positives[k]!;
    precisions(category, positive, this.n, seen, tpSeen, offset, precision);
    let sum = 0;
    let classes = 0;
    for (let k = 0; k < K; k++) {
      const gt = this.gtCount[k]!;
      if (points[k] === 0 && gt === 0) continue;
      classes++;
      if (gt > 0) sum += classAp(precision, offset[k]!, positives[k]!, gt);
    }
    return classes === 0 ? 0 : sum / classes;
  }
}

/** Points and true positives per class. */
function countPoints(
  category: Int32Array,
  positive: Uint8Array,
  n: number,
  points: Int32Array,
  positives: Int32Array,
): void {
  for (let i = 0; i < n; i++) {
    const c = category[i]!;
    points[c]!++;
    positives[c]! += positive[i]!;
  }
}

/** The precision at each true positive (v-th of its class, at its class's at-th point): v / at. */
function precisions(
  category: Int32Array,
  positive: Uint8Array,
  n: number,
  seen: Int32Array,
  tpSeen: Int32Array,
  offset: Int32Array,
  precision: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const c = category[i]!;
    const at = ++seen[c]!;
    if (positive[i] === 0) continue;
    const v = ++tpSeen[c]!;
    precision[offset[c]! + v - 1] = v / at;
  }
}

/**
 * TIDE's AP of one class (tide-ap.ts's classAp) from the precisions of its `tp` true positives at
 * `precision[at ..]`, in score order: made monotone from the right, then read at the 101 recall points.
 * (Its loops are functions of their own that end in a plain return: a loop compiled while it runs
 * must not meet code after it that has not run yet, or V8 drops the compiled code on every call.)
 */
function classAp(precision: Float64Array, at: number, tp: number, gt: number): number {
  envelope(precision, at, tp);
  return recallPointsSum(precision, at, tp, gt) / 101;
}

function envelope(precision: Float64Array, at: number, tp: number): void {
  for (let v = tp - 1; v > 0; v--)
    precision[at + v - 1] = Math.max(precision[at + v - 1]!, precision[at + v]!);
}

/**
 * The sum of the enveloped precision at recall 0, 0.01, ..., 1: at threshold 0 the first point's (the
 * highest precision, 0 without true positives), above it the first true positive's whose recall
 * v / gt reaches the threshold (none past the last).
 */
function recallPointsSum(precision: Float64Array, at: number, tp: number, gt: number): number {
  let sum = tp > 0 ? precision[at]! : 0;
  let v = 1;
  for (let r = 1; r <= 100; r++) {
    const x = r / 100;
    while (v <= tp && v / gt < x) v++;
    sum += v <= tp ? precision[at + v - 1]! : 0;
  }
  return sum;
}

/** A fix point's kind when it is a true positive (the others: their error type, tide-image.ts). */
export const POSITIVE = 6;

/**
 * TIDE's fix points (tide.ts fixPoints) into `out`, in `order`: the errors then the true positives. Per
 * point: its kind (error type, or POSITIVE), its class, whether it is left out of the AP as a false
 * positive, and the class it takes as a true positive when its error type is fixed (-1: removed). The
 * reference of tide-ap.wat fixPoints (OrderedPoints.makeFixPoints).
 */
export function fillFixPoints(input: FixPointInputs, out: FixPointArrays): void {
  const { order, errors: e, positives: p, gtUsed, gtBestDet, gtCategory } = input;
  for (let at = 0; at < order.length; at++) {
    const q = order[at]!;
    if (q >= e.n) {
      out.kind[at] = POSITIVE;
      out.category[at] = p.category[q - e.n]!;
      out.ignored[at] = 0;
      out.fixedCategory[at] = -1;
      continue;
    }
    const type = e.type[q]!;
    out.kind[at] = type;
    out.category[at] = e.category[q]!;
    out.ignored[at] = e.ignored[q]!;
    const gt = e.gt[q]!;
    // A cls/loc error becomes a true positive when its ground truth is unmatched and it is the
    // highest-scoring such error of it; others are removed.
    const claims = (type === CLS || type === LOC) && gtUsed[gt] === 0 && gtBestDet[gt] === e.det[q];
    out.fixedCategory[at] = claims ? (type === CLS ? gtCategory[gt]! : e.category[q]!) : -1;
  }
}
