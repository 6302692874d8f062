import { overlapRate, toShares } from '../plan/overlap-rate.js';
import type { LabelRows } from './iterative-stratification.js';

export interface SplitComposition {
  name: string;
  samples: number;
  /** Share of all samples (requested: `target`). */
  share: number;
  target: number;
  /** Samples holding each class (index = label id). */
  classSamples: number[];
  /** Annotations per class (boxes), when given. */
  classAnnotations?: number[];
  /**
   * Overlap rate (plan/overlap-rate.ts) of this split's class distribution with the whole's, both by
   * samples holding each class (what stratification balances): 1 = identical.
   */
  overlap: number;
  /** Largest |share of this split's samples holding a class − that share in the whole| (0 = identical). */
  maxDeviation: number;
}

/**
 * What each split holds against the whole: samples, samples per class, annotations per class, the
 * overlap rate of class distributions (by samples holding a class) and the largest deviation of the
 * share of samples holding one class.
 */
export function splitComposition(
  folds: Int32Array,
  names: readonly string[],
  ratios: readonly number[],
  labels: LabelRows | undefined,
  annotationCounts?: LabelRows,
): { whole: SplitComposition; splits: SplitComposition[] } {
  const L = Math.max(labels?.labelCount ?? 0, annotationCounts?.labelCount ?? 0);
  const k = names.length;
  const samples = new Array<number>(k + 1).fill(0);
  const cls = Array.from({ length: k + 1 }, () => new Array<number>(L).fill(0));
  const ann = annotationCounts
    ? Array.from({ length: k + 1 }, () => new Array<number>(L).fill(0))
    : undefined;
  for (let i = 0; i < folds.length; i++) {
    const f = folds[i]!;
    for (const j of [f, k]) {
      samples[j]!++;
      if (labels)
        for (let e = labels.offsets[i]!; e < labels.offsets[i + 1]!; e++) cls[j]![labels.labels[e]!]!++;
      if (ann && annotationCounts)
        for (let e = annotationCounts.offsets[i]!; e < annotationCounts.offsets[i + 1]!; e++)
          ann[j]![annotationCounts.labels[e]!]! += annotationCounts.counts?.[e] ?? 1;
    }
  }
  const sharesOf = (j: number) =>
    toShares(Object.fromEntries(cls[j]!.map((c, l) => [String(l), c] as [string, number])));
  const prevalence = (j: number, l: number) => (samples[j] === 0 ? 0 : cls[j]![l]! / samples[j]!);
  const wholeShares = sharesOf(k);
  const entry = (j: number): SplitComposition => {
    const shares = sharesOf(j);
    let dev = 0;
    for (let l = 0; l < L; l++) dev = Math.max(dev, Math.abs(prevalence(j, l) - prevalence(k, l)));
    return {
      name: j === k ? 'all' : names[j]!,
      samples: samples[j]!,
      share: folds.length === 0 ? 0 : samples[j]! / folds.length,
      target: j === k ? 1 : ratios[j]!,
      classSamples: cls[j]!,
      ...(ann ? { classAnnotations: ann[j]! } : {}),
      overlap: L === 0 ? 1 : overlapRate(wholeShares, shares),
      maxDeviation: dev,
    };
  };
  return { whole: entry(k), splits: names.map((_, j) => entry(j)) };
}
