import { AssayError } from '../errors.js';
import { normalQuantile } from './proportion-interval.js';

export interface InspectionSizeOptions {
  /** Confidence level of the interval (default 0.95). */
  confidence?: number;
  /** Half-width of the interval wanted (default 0.05). */
  margin?: number;
  /** How many items the sample is drawn from (finite-population correction). */
  population: number;
  /** The proportion assumed when sizing (default 0.5, the largest sample). */
  expected?: number;
}

/**
 * How many items to inspect so that the accuracy's normal-approximation interval has half-width `margin`:
 * Cochran's n₀ = z²·p(1−p)/e², corrected for a finite population N as n = n₀ / (1 + (n₀ − 1)/N), rounded
 * up (95%, ±5%, p = 0.5 gives the textbook 385 for a large population, 278 for N = 1000).
 */
export function inspectionSize(options: InspectionSizeOptions): number {
  const confidence = options.confidence ?? 0.95;
  const margin = options.margin ?? 0.05;
  const p = options.expected ?? 0.5;
  const N = options.population;
  if (!(confidence > 0 && confidence < 1))
    throw new AssayError('USAGE', `--confidence lies strictly between 0 and 1 (got ${confidence}).`);
  if (!(margin > 0 && margin < 1))
    throw new AssayError('USAGE', `--margin lies strictly between 0 and 1 (got ${margin}).`, {
      hint: 'Use e.g. 0.05 for ±5 percentage points.',
    });
  if (N <= 0) return 0;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n0 = (z * z * p * (1 - p)) / (margin * margin);
  return Math.min(N, Math.ceil(n0 / (1 + (n0 - 1) / N) - 1e-9));
}

/**
 * Splits `size` over strata in proportion to their populations (largest remainders), at least one item
 * per non-empty stratum while the size allows, never more than a stratum holds.
 */
export function allocateStrata(populations: readonly number[], size: number): number[] {
  const total = populations.reduce((a, b) => a + b, 0);
  const n = Math.min(size, total);
  if (total === 0 || n === 0) return populations.map(() => 0);
  const exact = populations.map((p) => (n * p) / total);
  const out = exact.map((e, i) => Math.min(populations[i]!, Math.floor(e)));
  const nonEmpty = populations.filter((p) => p > 0).length;
  if (n >= nonEmpty) for (let i = 0; i < out.length; i++) if (populations[i]! > 0 && out[i] === 0) out[i] = 1;
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  while (left > 0) {
    let moved = false;
    for (const [, i] of order) {
      if (left === 0) break;
      if (out[i]! < populations[i]!) {
        out[i]!++;
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  while (left < 0) {
    // More strata than items after the minimum of one: take back from the largest allocations.
    const i = out.indexOf(Math.max(...out));
    out[i]!--;
    left++;
  }
  return out;
}
