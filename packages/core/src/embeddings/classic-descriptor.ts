/**
 * A cheap classical image descriptor (`--model classic`), from one small RGB decode of CLASSIC_SIZE²:
 * - colour: a 4×4×4 RGB histogram (64 values, as fractions of the pixels)
 * - layout: the grey image shrunk to 12×12 by box averaging, minus its mean (144 values)
 * - edges: gradient-orientation histograms, 8 unsigned orientations weighted by magnitude, in 4×4
 *   cells (128 values)
 * Each block is L2-normalised and weighted (colour 0.5, layout 1, edges 0.8), so the whole vector
 * is comparable by cosine distance. 336 values. Pure.
 */
export const CLASSIC_SIZE = 96;
export const CLASSIC_DIM = 64 + 144 + 128;

function normalizeBlock(v: Float32Array, from: number, to: number, weight: number): void {
  let s = 0;
  for (let i = from; i < to; i++) s += (v[i] as number) ** 2;
  const f = s > 0 ? weight / Math.sqrt(s) : 0;
  for (let i = from; i < to; i++) v[i] = (v[i] as number) * f;
}

/** The descriptor of an RGB image (interleaved, `size`×`size`) into `out` at `offset`. */
export function classicDescriptor(
  rgb: Uint8Array,
  size: number,
  out: Float32Array = new Float32Array(CLASSIC_DIM),
  offset = 0,
): Float32Array {
  const v = out.subarray(offset, offset + CLASSIC_DIM);
  v.fill(0);
  const n = size * size;
  const grey = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    const r = rgb[3 * p] as number;
    const g = rgb[3 * p + 1] as number;
    const b = rgb[3 * p + 2] as number;
    v[(r >> 6) * 16 + (g >> 6) * 4 + (b >> 6)] =
      (v[(r >> 6) * 16 + (g >> 6) * 4 + (b >> 6)] as number) + 1 / n;
    grey[p] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  // layout: 12×12 box means
  const cells = 12;
  let mean = 0;
  for (let y = 0; y < size; y++) {
    const cy = Math.min(cells - 1, Math.floor((y * cells) / size));
    for (let x = 0; x < size; x++) {
      const cx = Math.min(cells - 1, Math.floor((x * cells) / size));
      v[64 + cy * cells + cx] = (v[64 + cy * cells + cx] as number) + (grey[y * size + x] as number);
      mean += grey[y * size + x] as number;
    }
  }
  mean /= n;
  const perCell = n / (cells * cells);
  for (let i = 0; i < cells * cells; i++) v[64 + i] = (v[64 + i] as number) / perCell - mean;
  // edges: orientation histograms in 4×4 cells
  const base = 64 + 144;
  for (let y = 1; y < size - 1; y++) {
    const cy = Math.min(3, Math.floor((y * 4) / size));
    for (let x = 1; x < size - 1; x++) {
      const gx = (grey[y * size + x + 1] as number) - (grey[y * size + x - 1] as number);
      const gy = (grey[(y + 1) * size + x] as number) - (grey[(y - 1) * size + x] as number);
      const mag = Math.sqrt(gx * gx + gy * gy);
      if (mag === 0) continue;
      let angle = Math.atan2(gy, gx);
      if (angle < 0) angle += Math.PI;
      const bin = Math.min(7, Math.floor((angle / Math.PI) * 8));
      const cx = Math.min(3, Math.floor((x * 4) / size));
      const at = base + (cy * 4 + cx) * 8 + bin;
      v[at] = (v[at] as number) + mag;
    }
  }
  normalizeBlock(v, 0, 64, 0.5);
  normalizeBlock(v, 64, 208, 1);
  normalizeBlock(v, 208, CLASSIC_DIM, 0.8);
  return out;
}
