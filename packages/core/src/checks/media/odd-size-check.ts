import type { NewIssue } from '../../store/project-store.js';
import type { MediaCheckOptions, MediaCheckSample } from './media-checks.js';

/** CleanVision 0.3 default iqr_factor of its odd_size property. */
export const ODD_SIZE_IQR_FACTOR = 3;

/** Percentile with linear interpolation between closest ranks (numpy's default). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/**
 * odd_size as CleanVision defines it: size = sqrt(width·height); with q1, q3 the quartiles over the
 * dataset, sizes outside [q1 − f·IQR, q3 + f·IQR] are odd. CleanVision scores
 * 1 − clip(|size − mid| / (max − min), 0, 1) and flags scores below 0.5; when all sizes are equal
 * (IQR 0) any other size is odd. Our issue score is 1 − that score, in (0.5, 1].
 */
export function oddSizeChecks(samples: readonly MediaCheckSample[], options: MediaCheckOptions): NewIssue[] {
  const factor = options.oddSizeIqrFactor ?? ODD_SIZE_IQR_FACTOR;
  const sized = samples.flatMap((s) => {
    const { width, height } = s.probe;
    return width && height ? [{ s, size: Math.sqrt(width * height), width, height }] : [];
  });
  if (sized.length < 4) return [];
  const sorted = sized.map((x) => x.size).sort((a, b) => a - b);
  const q1 = percentile(sorted, 25);
  const q3 = percentile(sorted, 75);
  const min = q1 - factor * (q3 - q1);
  const max = q3 + factor * (q3 - q1);
  const mid = (min + max) / 2;
  const gap = max - min;
  const issues: NewIssue[] = [];
  for (const { s, size, width, height } of sized) {
    const cvScore = gap > 0 ? 1 - Math.min(1, Math.abs(size - mid) / gap) : size === mid ? 1 : 0;
    const odd = gap > 0 ? cvScore < 0.5 : cvScore < 1;
    if (!odd) continue;
    const side = size < mid ? 'small' : 'large';
    issues.push({
      sampleId: s.id,
      type: 'odd_size',
      severity: 'warning',
      score: 1 - cvScore / 2,
      reason: `${s.key} is unusually ${side}: ${width}×${height} (sqrt of area ${Math.round(size)}; most images are ${Math.round(q1)}–${Math.round(q3)}).`,
      details: {
        width,
        height,
        size: Math.round(size),
        q1,
        q3,
        allowed: [Math.max(0, min), max],
        iqr_factor: factor,
      },
    });
  }
  return issues;
}
