/** A single-channel image of any numeric type, row-major. */
export interface GreyImage<T extends Uint8Array | Float64Array = Uint8Array | Float64Array> {
  data: T;
  width: number;
  height: number;
}

/**
 * How an area-average resample from `from` cells to `to` cells reads its input along one axis:
 * output cell o averages inputs first[o] .. first[o] + taps[o] − 1 with weights
 * weights[o·stride ..] (normalised, fractional edges weighted).
 */
export interface AreaPlan {
  first: Int32Array;
  taps: Int32Array;
  weights: Float64Array;
  stride: number;
}

const plans = new Map<number, AreaPlan>();

/** The plan for `from` → `to` cells, computed once per pair of sizes and then reused. */
export function areaPlan(from: number, to: number): AreaPlan {
  const key = from * 65536 + to;
  let plan = plans.get(key);
  if (plan === undefined) {
    plan = makeAreaPlan(from, to);
    plans.set(key, plan);
  }
  return plan;
}

function makeAreaPlan(from: number, to: number): AreaPlan {
  const scale = from / to;
  const stride = Math.ceil(scale) + 1;
  const plan = {
    first: new Int32Array(to),
    taps: new Int32Array(to),
    weights: new Float64Array(to * stride),
    stride,
  };
  for (let o = 0; o < to; o++) {
    const start = o * scale;
    const end = Math.min(from, (o + 1) * scale);
    const first = Math.min(from - 1, Math.floor(start));
    const last = Math.max(first, Math.ceil(end) - 1);
    const w = plan.weights.subarray(o * stride, o * stride + last - first + 1);
    for (let i = first; i <= last; i++) w[i - first] = Math.max(0, Math.min(end, i + 1) - Math.max(start, i));
    let total = 0;
    for (let k = 0; k < w.length; k++) total += w[k]!;
    for (let k = 0; k < w.length; k++) w[k]! /= total > 0 ? total : 1;
    plan.first[o] = first;
    plan.taps[o] = w.length;
  }
  return plan;
}

/**
 * Area-average resample (each output pixel the mean of the input area it covers, fractional edges
 * weighted): the box filter that keeps hashes stable when the source was resized. Rows first, then
 * columns, each output a sum over its input cells in ascending order.
 */
export function resizeArea(
  src: GreyImage,
  width: number,
  height: number,
  out = new Float64Array(width * height),
): GreyImage<Float64Array> {
  if (rowScratch.length < src.height * width) rowScratch = new Float64Array(src.height * width);
  resizeRows(src.data, 0, src.width, src.height, areaPlan(src.width, width), rowScratch);
  resizeColumns(rowScratch, 0, width, areaPlan(src.height, height), out);
  return { data: out, width, height };
}

/** The row pass of resizeArea, reused by every call (grown when an image needs more). */
let rowScratch = new Float64Array(256 * 80);

/**
 * Horizontal pass: for each of `rows` rows of `src` (row r starts at offset + r·stride), the
 * plan's `to` area averages along the row, written row-major into `out`.
 */
export function resizeRows(
  src: Uint8Array | Float64Array,
  offset: number,
  stride: number,
  rows: number,
  plan: AreaPlan,
  out: Float64Array,
): void {
  const { first, taps, weights, stride: ws } = plan;
  const to = first.length;
  for (let y = 0, o = 0; y < rows; y++) {
    const row = offset + y * stride;
    for (let x = 0; x < to; x++, o++) {
      const at = row + first[x]!;
      const n = taps[x]!;
      const w = x * ws;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += src[at + k]! * weights[w + k]!;
      out[o] = sum;
    }
  }
}

/**
 * Vertical pass: `src` holds rows of `width` values; output row y averages rows
 * firstRow + plan.first[y] .. (as the plan says) of `src`, written row-major into `out`.
 */
export function resizeColumns(
  src: Float64Array,
  firstRow: number,
  width: number,
  plan: AreaPlan,
  out: Float64Array,
): void {
  const { first, taps, weights, stride: ws } = plan;
  const to = first.length;
  for (let y = 0, o = 0; y < to; y++) {
    const base = (firstRow + first[y]!) * width;
    const n = taps[y]!;
    const w = y * ws;
    for (let x = 0; x < width; x++, o++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += src[base + k * width + x]! * weights[w + k]!;
      out[o] = sum;
    }
  }
}
