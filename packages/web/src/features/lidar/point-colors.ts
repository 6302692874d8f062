import type { PointColorBy } from '@assay/api';
import { hexRgb, PALETTE } from '../../render/palette.js';

/** A blue → cyan → green → yellow → red ramp of t in [0, 1], as [r, g, b] in [0, 1]. */
export function ramp(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * 4;
  const i = Math.min(3, Math.floor(x));
  const f = x - i;
  const stops: [number, number, number][] = [
    [0.15, 0.3, 1],
    [0, 0.85, 0.95],
    [0.2, 0.9, 0.25],
    [1, 0.9, 0.1],
    [1, 0.2, 0.15],
  ];
  const a = stops[i] as [number, number, number];
  const b = stops[i + 1] as [number, number, number];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** The 2nd and 98th percentiles of the values (a few outliers do not flatten the colours). */
export function robustRange(values: Float32Array): [number, number] {
  if (values.length === 0) return [0, 1];
  const sample = Float32Array.from(
    values.filter((_, i) => i % Math.max(1, Math.floor(values.length / 4096)) === 0),
  );
  sample.sort();
  const lo = sample[Math.floor(0.02 * (sample.length - 1))] as number;
  const hi = sample[Math.floor(0.98 * (sample.length - 1))] as number;
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/**
 * RGB per point (Float32, 3 per point): height and intensity on the ramp over their robust range; a
 * label by the class palette (label value modulo the palette).
 */
export function pointColors(values: Float32Array, colorBy: PointColorBy): Float32Array {
  const out = new Float32Array(values.length * 3);
  if (colorBy === 'label') {
    const rgb = PALETTE.map((h) => hexRgb(h).map((v) => v / 255));
    for (let i = 0; i < values.length; i++) {
      const c = rgb[Math.abs(Math.round(values[i] as number)) % rgb.length] as number[];
      out.set(c, i * 3);
    }
    return out;
  }
  const [lo, hi] = robustRange(values);
  for (let i = 0; i < values.length; i++) out.set(ramp(((values[i] as number) - lo) / (hi - lo)), i * 3);
  return out;
}
