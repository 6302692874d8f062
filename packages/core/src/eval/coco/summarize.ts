import { numpyMean } from './pairwise-sum.js';
import type { CocoAccumulated, CocoStatLine, CocoSummary } from './types.js';
import { WasmCurves } from './wasm/wasm-curves.js';

interface StatSpec {
  ap: boolean;
  iou?: number;
  area: string;
  maxDets: number;
}

/** The 12 detection stats (bbox, segm) or 10 keypoint stats, in pycocotools' order. */
export function statSpecs(iouType: string, maxDets: number[]): StatSpec[] {
  if (iouType === 'keypoints') {
    const m = 20;
    return [true, false].flatMap((ap) => [
      { ap, area: 'all', maxDets: m },
      { ap, iou: 0.5, area: 'all', maxDets: m },
      { ap, iou: 0.75, area: 'all', maxDets: m },
      { ap, area: 'medium', maxDets: m },
      { ap, area: 'large', maxDets: m },
    ]);
  }
  const [m0 = 1, m1 = 10, m2 = 100] = maxDets;
  return [
    { ap: true, area: 'all', maxDets: m2 },
    { ap: true, iou: 0.5, area: 'all', maxDets: m2 },
    { ap: true, iou: 0.75, area: 'all', maxDets: m2 },
    { ap: true, area: 'small', maxDets: m2 },
    { ap: true, area: 'medium', maxDets: m2 },
    { ap: true, area: 'large', maxDets: m2 },
    { ap: false, area: 'all', maxDets: m0 },
    { ap: false, area: 'all', maxDets: m1 },
    { ap: false, area: 'all', maxDets: m2 },
    { ap: false, area: 'small', maxDets: m2 },
    { ap: false, area: 'medium', maxDets: m2 },
    { ap: false, area: 'large', maxDets: m2 },
  ];
}

/** The precision cells an AP stat reads, gathered per (area, maxDets) once (see precisionSlice). */
export type PrecisionSlices = Map<number, Float64Array>;

/**
 * precision[t, r, k, a, m] for every t, r, k, gathered in that order: the cells of one area range and
 * maxDets, 1/(A·M) of the array, read once instead of once per stat and class (far apart in memory).
 */
function precisionSlice(acc: CocoAccumulated, a: number, m: number, slices: PrecisionSlices): Float64Array {
  const [T, R, K, A, M] = acc.counts;
  const key = a * M + m;
  let slice = slices.get(key);
  if (slice === undefined) {
    slice = new Float64Array(T * R * K);
    gather(acc.precision, slice, A * M, key);
    slices.set(key, slice);
  }
  return slice;
}

function gather(from: Float64Array, into: Float64Array, stride: number, offset: number): void {
  for (let i = 0; i < into.length; i++) into[i] = from[i * stride + offset]!;
}

let buffer = new Float64Array(1024);

/** A buffer of at least n cells, reused from stat to stat (the per-class table asks for hundreds). */
function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(n);
  return buffer;
}

/**
 * One stat as pycocotools' `_summarize`: the mean of the cells > -1 of precision (AP) or recall (AR)
 * at the area range and maxDets, over the IoU threshold(s), recall thresholds and the categories
 * `k0 .. k1` (all by default); -1 when there is none. `slices`: gathered precision cells to reuse.
 */
export function summarizeStat(
  acc: CocoAccumulated,
  spec: StatSpec,
  k0 = 0,
  k1 = acc.counts[2],
  slices: PrecisionSlices = new Map(),
): number {
  const [T, R, K, A, M] = acc.counts;
  const p = acc.params;
  const a = p.areaLabels.indexOf(spec.area);
  const m = p.maxDets.indexOf(spec.maxDets);
  if (a < 0 || m < 0) return -1;
  // By curves.wat where the arrays are its memory (the same cells, order and sums as below).
  const kernel = WasmCurves.of(acc.precision);
  const only = spec.iou === undefined ? -1 : Array.prototype.indexOf.call(p.iouThrs, spec.iou);
  const once = only < 0 || Array.prototype.lastIndexOf.call(p.iouThrs, spec.iou) === only;
  if (kernel && (spec.iou === undefined || only >= 0) && once)
    return kernel.statMean(spec.ap, only < 0 ? 0 : only, only < 0 ? T : only + 1, a, m, k0, k1);
  const values = scratch(spec.ap ? T * R * (k1 - k0) : T * (k1 - k0));
  const slice = spec.ap ? precisionSlice(acc, a, m, slices) : undefined;
  let n = 0;
  for (let t = 0; t < T; t++) {
    if (spec.iou !== undefined && p.iouThrs[t] !== spec.iou) continue;
    if (slice !== undefined) {
      n = pick(slice, t * R * K, R, K, k0, k1, values, n);
    } else {
      for (let k = k0; k < k1; k++) {
        const v = acc.recall[((t * K + k) * A + a) * M + m]!;
        if (v > -1) values[n++] = v;
      }
    }
  }
  return n === 0 ? -1 : numpyMean(values, 0, n);
}

/** The cells > -1 of R rows of K (from `start`), categories k0 .. k1, appended to values at n. */
function pick(
  slice: Float64Array,
  start: number,
  R: number,
  K: number,
  k0: number,
  k1: number,
  values: Float64Array,
  n: number,
): number {
  for (let r = 0; r < R; r++) {
    const row = start + r * K;
    for (let k = k0; k < k1; k++) {
      const v = slice[row + k]!;
      if (v > -1) values[n++] = v;
    }
  }
  return n;
}

/**
 * Python `'{:0.3f}'` of a float: the exact binary value rounded half to even. `toFixed` rounds exact
 * ties (values k/16 such as 0.0625) up instead, so those are fixed here.
 */
export function format3(value: number): string {
  const scaled = value * 1000;
  const floor = Math.floor(scaled);
  const exactTie = scaled - floor === 0.5 && Number.isInteger(value * 16);
  if (exactTie && floor % 2 === 0) return (floor / 1000).toFixed(3);
  return value.toFixed(3);
}

function statLine(spec: StatSpec, value: number, p: CocoAccumulated['params']): CocoStatLine {
  const title = spec.ap ? 'Average Precision' : 'Average Recall';
  const type = spec.ap ? '(AP)' : '(AR)';
  const first = p.iouThrs[0]!;
  const last = p.iouThrs[p.iouThrs.length - 1]!;
  const iou = spec.iou === undefined ? `${first.toFixed(2)}:${last.toFixed(2)}` : spec.iou.toFixed(2);
  const text = ` ${title.padEnd(18)} ${type} @[ IoU=${iou.padEnd(9)} | area=${spec.area.padStart(6)} | maxDets=${String(spec.maxDets).padStart(3)} ] = ${format3(value)}`;
  return { kind: spec.ap ? 'AP' : 'AR', iou: spec.iou, area: spec.area, maxDets: spec.maxDets, value, text };
}

/** pycocotools `COCOeval.summarize()`: the stats and the lines it prints. */
export function summarize(acc: CocoAccumulated, slices: PrecisionSlices = new Map()): CocoSummary {
  const lines = statSpecs(acc.params.iouType, acc.params.maxDets).map((spec) =>
    statLine(spec, summarizeStat(acc, spec, 0, acc.counts[2], slices), acc.params),
  );
  return { stats: lines.map((l) => l.value), lines };
}
