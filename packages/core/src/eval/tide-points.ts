/**
 * Growable typed columns of records appended one at a time (TIDE's errors and true positives). Without
 * `full`, only type, category and score are kept (the data points of an AP: issue 12, 9 bytes fewer a record).
 */
export class GrowableColumns {
  n = 0;
  category = new Int32Array(1024);
  score = new Float64Array(1024);
  type = new Int8Array(1024);
  det: Int32Array;
  gt: Int32Array;
  ignored: Uint8Array;

  constructor(private readonly full = true) {
    const size = full ? 1024 : 0;
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

  private grow(): void {
    const size = 2 * this.category.length;
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
 * Data points (class, score, positive) in one order, as TIDE's AP reads them per class: within a class
 * the points must already be sorted by score descending, ties in insertion order (dbolya/tide's
 * stable sort). Filled by the caller, then `meanAp` as TideApData's.
 */
export class OrderedPoints {
  private n = 0;
  readonly category: Int32Array;
  readonly score: Float64Array;
  readonly positive: Uint8Array;

  constructor(
    capacity: number,
    readonly categoryCount: number,
    readonly gtCount: Float64Array,
  ) {
    this.category = new Int32Array(capacity);
    this.score = new Float64Array(capacity);
    this.positive = new Uint8Array(capacity);
  }

  push(category: number, score: number, positive: boolean): void {
    const i = this.n++;
    this.category[i] = category;
    this.score[i] = score;
    this.positive[i] = positive ? 1 : 0;
  }

  /** Mean AP over the classes with data points or ground truth (TideApData.meanAp). */
  meanAp(): number {
    const K = this.categoryCount;
    const start = new Int32Array(K + 1);
    for (let i = 0; i < this.n; i++) start[this.category[i]! + 1]!++;
    for (let k = 0; k < K; k++) start[k + 1]! += start[k]!;
    const next = start.slice(0, K);
    const positive = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) positive[next[this.category[i]!]!++] = this.positive[i]!;
    const precision = new Float64Array(this.n);
    const recall = new Float64Array(this.n);
    let sum = 0;
    let classes = 0;
    for (let k = 0; k < K; k++) {
      const n = start[k + 1]! - start[k]!;
      if (n === 0 && this.gtCount[k]! === 0) continue;
      classes++;
      sum += classAp(positive.subarray(start[k]!, start[k + 1]!), this.gtCount[k]!, precision, recall);
    }
    return classes === 0 ? 0 : sum / classes;
  }
}

/** TIDE's AP of one class from its points in score order (tide-ap.ts's classAp after its sort). */
export function classAp(
  positive: Uint8Array,
  gt: number,
  precision: Float64Array,
  recall: Float64Array,
): number {
  if (gt <= 0) return 0;
  const n = positive.length;
  let tp = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i]) tp++;
    precision[i] = tp / (i + 1);
    recall[i] = tp / gt;
  }
  for (let i = n - 1; i > 0; i--) if (precision[i]! > precision[i - 1]!) precision[i - 1] = precision[i]!;
  let sum = 0;
  let idx = 0;
  for (let r = 0; r <= 100; r++) {
    const x = r / 100;
    while (idx < n && recall[idx]! < x) idx++;
    if (idx < n) sum += precision[idx]!;
  }
  return sum / 101;
}
