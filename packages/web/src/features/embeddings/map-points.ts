import { PALETTE } from '../../render/palette.js';

/** Colours of a metric's bins, low to high (viridis at 10 stops, matplotlib's values). */
export const RAMP: readonly string[] = [
  '#440154',
  '#482878',
  '#3e4989',
  '#31688e',
  '#26828e',
  '#1f9e89',
  '#35b779',
  '#6ece58',
  '#b5de2b',
  '#fde725',
];

const NONE = '#737373';
const ISSUES = ['#4c78a8', '#e45756'];
const OUTCOME: Record<string, string> = {
  'all TP': '#54a24b',
  FP: '#f58518',
  FN: '#e45756',
  'FP and FN': '#b279a2',
  'no objects': '#9d9d9d',
};

/** Map coordinates → points in [-1, 1] (aspect kept): x = (px − cx) / span · 1.9, likewise y. */
export function normalisePoints(
  px: Float32Array,
  py: Float32Array,
): { x: Float32Array; y: Float32Array; cx: number; cy: number; span: number } {
  const n = px.length;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (px[i]! < minX) minX = px[i]!;
    if (px[i]! > maxX) maxX = px[i]!;
    if (py[i]! < minY) minY = py[i]!;
    if (py[i]! > maxY) maxY = py[i]!;
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = ((px[i]! - cx) / span) * 1.9;
    y[i] = ((py[i]! - cy) / span) * 1.9;
  }
  return { x, y, cx, cy, span };
}

/** Colour per category of a colour mode (index = category), and the legend (with "none" last). */
export function mapLegend(
  by: string,
  labels: readonly string[],
  ramp: boolean,
): { palette: string[]; legend: { label: string; colour: string }[] } {
  const palette = labels.map((label, c) =>
    ramp
      ? RAMP[Math.round((c * (RAMP.length - 1)) / Math.max(1, labels.length - 1))]!
      : by === 'issues'
        ? ISSUES[c]!
        : by === 'outcome'
          ? (OUTCOME[label] ?? NONE)
          : PALETTE[c % PALETTE.length]!,
  );
  const none = by === 'split' ? 'no split' : by === 'outcome' ? 'not evaluated' : 'none';
  return {
    palette,
    legend: [...labels.map((label, c) => ({ label, colour: palette[c]! })), { label: none, colour: NONE }],
  };
}
