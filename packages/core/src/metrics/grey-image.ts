/** A single-channel image of any numeric type, row-major. */
export interface GreyImage<T extends Uint8Array | Float64Array = Uint8Array | Float64Array> {
  data: T;
  width: number;
  height: number;
}

/**
 * How an area-average resample from `from` cells to `to` cells reads its input along one axis:
 * output cell o is the sum over k < taps of input first[o] + k times weights[o·taps + k]. Each
 * cell's normalised weights (fractional edges weighted) are padded with zeros at the end, or at the
 * start near the input's end, so that every cell has the same number of taps; a zero tap adds +0,
 * which leaves the sum unchanged bit for bit.
 */
export interface AreaPlan {
  first: Int32Array;
  weights: Float64Array;
  taps: number;
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
  const cells: { first: number; weights: Float64Array }[] = [];
  for (let o = 0; o < to; o++) {
    const start = o * scale;
    const end = Math.min(from, (o + 1) * scale);
    const first = Math.min(from - 1, Math.floor(start));
    const last = Math.max(first, Math.ceil(end) - 1);
    const w = new Float64Array(last - first + 1);
    for (let i = first; i <= last; i++) w[i - first] = Math.max(0, Math.min(end, i + 1) - Math.max(start, i));
    let total = 0;
    for (let k = 0; k < w.length; k++) total += w[k]!;
    for (let k = 0; k < w.length; k++) w[k]! /= total > 0 ? total : 1;
    cells.push({ first, weights: w });
  }
  const taps = Math.max(...cells.map((c) => c.weights.length));
  const plan = { first: new Int32Array(to), weights: new Float64Array(to * taps), taps };
  cells.forEach(({ first, weights }, o) => {
    const window = first + taps <= from ? first : from - taps;
    plan.first[o] = window;
    plan.weights.set(weights, o * taps + first - window);
  });
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
 * plan's area averages along the row, written row-major into `out`.
 */
export function resizeRows(
  src: Uint8Array | Float64Array,
  offset: number,
  stride: number,
  rows: number,
  plan: AreaPlan,
  out: Float64Array,
): void {
  if (src instanceof Uint8Array) rowsOfBytes(src, offset, stride, rows, plan, out);
  else rowsOfFloats(src, offset, stride, rows, plan, out);
}

/*
 * rowsOfBytes and rowsOfFloats are the same code for the two source types: a loop that reads one
 * kind of typed array is compiled much tighter by V8 than one that meets both. With 3 to 5 taps
 * they walk down each output column, the column's weights held in locals. Each output is its taps'
 * products added left to right from the first, as a plain loop adds them to 0 (the first product is
 * ≥ 0, so 0 + it is it): every case gives the bits of the plain loop.
 */

function rowsOfBytes(
  src: Uint8Array,
  offset: number,
  stride: number,
  rows: number,
  plan: AreaPlan,
  out: Float64Array,
): void {
  const { first, weights: w, taps } = plan;
  const to = first.length;
  const end = offset + rows * stride;
  if (taps === 3) {
    for (let x = 0, k = 0; x < to; x++, k += 3) {
      const w0 = w[k]!;
      const w1 = w[k + 1]!;
      const w2 = w[k + 2]!;
      for (let a = offset + first[x]!, o = x; a < end; a += stride, o += to) {
        out[o] = src[a]! * w0 + src[a + 1]! * w1 + src[a + 2]! * w2;
      }
    }
  } else if (taps === 4) {
    for (let x = 0, k = 0; x < to; x++, k += 4) {
      const w0 = w[k]!;
      const w1 = w[k + 1]!;
      const w2 = w[k + 2]!;
      const w3 = w[k + 3]!;
      for (let a = offset + first[x]!, o = x; a < end; a += stride, o += to) {
        out[o] = src[a]! * w0 + src[a + 1]! * w1 + src[a + 2]! * w2 + src[a + 3]! * w3;
      }
    }
  } else if (taps === 5) {
    for (let x = 0, k = 0; x < to; x++, k += 5) {
      const w0 = w[k]!;
      const w1 = w[k + 1]!;
      const w2 = w[k + 2]!;
      const w3 = w[k + 3]!;
      const w4 = w[k + 4]!;
      for (let a = offset + first[x]!, o = x; a < end; a += stride, o += to) {
        out[o] = src[a]! * w0 + src[a + 1]! * w1 + src[a + 2]! * w2 + src[a + 3]! * w3 + src[a + 4]! * w4;
      }
    }
  } else {
    for (let row = offset, o = 0; row < end; row += stride) {
      for (let x = 0, k = 0; x < to; x++, o++, k += taps) {
        const a = row + first[x]!;
        let sum = 0;
        let t = 0;
        for (; t + 4 <= taps; t += 4) {
          sum =
            sum +
            src[a + t]! * w[k + t]! +
            src[a + t + 1]! * w[k + t + 1]! +
            src[a + t + 2]! * w[k + t + 2]! +
            src[a + t + 3]! * w[k + t + 3]!;
        }
        for (; t < taps; t++) sum += src[a + t]! * w[k + t]!;
        out[o] = sum;
      }
    }
  }
}

function rowsOfFloats(
  src: Float64Array,
  offset: number,
  stride: number,
  rows: number,
  plan: AreaPlan,
  out: Float64Array,
): void {
  const { first, weights: w, taps } = plan;
  const to = first.length;
  const end = offset + rows * stride;
  if (taps === 3) {
    for (let x = 0, k = 0; x < to; x++, k += 3) {
      const w0 = w[k]!;
      const w1 = w[k + 1]!;
      const w2 = w[k + 2]!;
      for (let a = offset + first[x]!, o = x; a < end; a += stride, o += to) {
        out[o] = src[a]! * w0 + src[a + 1]! * w1 + src[a + 2]! * w2;
      }
    }
  } else if (taps === 4) {
    for (let x = 0, k = 0; x < to; x++, k += 4) {
      const w0 = w[k]!;
      const w1 = w[k + 1]!;
      const w2 = w[k + 2]!;
      const w3 = w[k + 3]!;
      for (let a = offset + first[x]!, o = x; a < end; a += stride, o += to) {
        out[o] = src[a]! * w0 + src[a + 1]! * w1 + src[a + 2]! * w2 + src[a + 3]! * w3;
      }
    }
  } else if (taps === 5) {
    for (let x = 0, k = 0; x < to; x++, k += 5) {
      const w0 = w[k]!;
      const w1 = w[k + 1]!;
      const w2 = w[k + 2]!;
      const w3 = w[k + 3]!;
      const w4 = w[k + 4]!;
      for (let a = offset + first[x]!, o = x; a < end; a += stride, o += to) {
        out[o] = src[a]! * w0 + src[a + 1]! * w1 + src[a + 2]! * w2 + src[a + 3]! * w3 + src[a + 4]! * w4;
      }
    }
  } else if (taps >= 8) {
    rowsOfFloatsWide(src, offset, stride, rows, plan, out);
  } else {
    for (let row = offset, o = 0; row < end; row += stride) {
      for (let x = 0, k = 0; x < to; x++, o++, k += taps) {
        const a = row + first[x]!;
        let sum = 0;
        let t = 0;
        for (; t + 4 <= taps; t += 4) {
          sum =
            sum +
            src[a + t]! * w[k + t]! +
            src[a + t + 1]! * w[k + t + 1]! +
            src[a + t + 2]! * w[k + t + 2]! +
            src[a + t + 3]! * w[k + t + 3]!;
        }
        for (; t < taps; t++) sum += src[a + t]! * w[k + t]!;
        out[o] = sum;
      }
    }
  }
}

/** rowsOfFloats for 8 taps or more (the dHash passes): the first eight weights in locals, then the rest. */
function rowsOfFloatsWide(
  src: Float64Array,
  offset: number,
  stride: number,
  rows: number,
  plan: AreaPlan,
  out: Float64Array,
): void {
  const { first, weights: w, taps } = plan;
  const to = first.length;
  const end = offset + rows * stride;
  for (let x = 0, k = 0; x < to; x++, k += taps) {
    const w0 = w[k]!;
    const w1 = w[k + 1]!;
    const w2 = w[k + 2]!;
    const w3 = w[k + 3]!;
    const w4 = w[k + 4]!;
    const w5 = w[k + 5]!;
    const w6 = w[k + 6]!;
    const w7 = w[k + 7]!;
    for (let a = offset + first[x]!, o = x; a < end; a += stride, o += to) {
      let sum =
        src[a]! * w0 +
        src[a + 1]! * w1 +
        src[a + 2]! * w2 +
        src[a + 3]! * w3 +
        src[a + 4]! * w4 +
        src[a + 5]! * w5 +
        src[a + 6]! * w6 +
        src[a + 7]! * w7;
      for (let t = 8; t < taps; t++) sum += src[a + t]! * w[k + t]!;
      out[o] = sum;
    }
  }
}

/**
 * Vertical pass: `src` holds rows of `width` values; output row y sums rows
 * firstRow + plan.first[y] + k of `src` with the plan's weights, written row-major into `out`.
 * Each output adds its taps' products in ascending k, as resizeRows does.
 */
export function resizeColumns(
  src: Float64Array,
  firstRow: number,
  width: number,
  plan: AreaPlan,
  out: Float64Array,
): void {
  const { first, weights, taps } = plan;
  const to = first.length;
  for (let y = 0, o = 0, w = 0; y < to; y++, w += taps) {
    const base = (firstRow + first[y]!) * width;
    if (taps === 3) {
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const w2 = weights[w + 2]!;
      for (let x = 0, a = base; x < width; x++, o++, a++) {
        out[o] = src[a]! * w0 + src[a + width]! * w1 + src[a + 2 * width]! * w2;
      }
    } else if (taps === 4) {
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const w2 = weights[w + 2]!;
      const w3 = weights[w + 3]!;
      for (let x = 0, a = base; x < width; x++, o++, a++) {
        out[o] = src[a]! * w0 + src[a + width]! * w1 + src[a + 2 * width]! * w2 + src[a + 3 * width]! * w3;
      }
    } else {
      for (let x = 0; x < width; x++, o++) {
        let sum = 0;
        for (let k = 0; k < taps; k++) sum += src[base + k * width + x]! * weights[w + k]!;
        out[o] = sum;
      }
    }
  }
}
