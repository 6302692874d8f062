import type { MediaProbe } from '../model/sample.js';
import type { ConformanceTarget } from './plan.js';

/** What a conformance criterion reads of each sample: what `assay scan` learnt from its file. */
export interface ConformanceSample {
  probe?: Pick<MediaProbe, 'status' | 'width' | 'height' | 'format' | 'bytes'>;
}

/** Why a sample misses the plan's requirements (one reason per sample: the first that applies). */
export type ConformanceMiss =
  | 'not_scanned'
  | 'unreadable'
  | 'too_small'
  | 'too_large'
  | 'format'
  | 'too_few_bytes'
  | 'too_many_bytes';

/** The first requirement a sample misses, or null when it meets them all. */
export function conformanceMiss(t: ConformanceTarget, s: ConformanceSample): ConformanceMiss | null {
  const p = s.probe;
  if (!p || p.status === 'pending') return 'not_scanned';
  const needsPixels = t.minWidth ?? t.minHeight ?? t.maxWidth ?? t.maxHeight;
  if (p.status !== 'ok' && (needsPixels !== undefined || t.formats)) return 'unreadable';
  if (needsPixels !== undefined) {
    if (p.width === undefined || p.height === undefined) return 'unreadable';
    if (p.width < (t.minWidth ?? 0) || p.height < (t.minHeight ?? 0)) return 'too_small';
    if (
      p.width > (t.maxWidth ?? Number.POSITIVE_INFINITY) ||
      p.height > (t.maxHeight ?? Number.POSITIVE_INFINITY)
    )
      return 'too_large';
  }
  if (t.formats && !(p.format !== undefined && t.formats.includes(p.format))) return 'format';
  if (t.minBytes !== undefined || t.maxBytes !== undefined) {
    if (p.bytes === undefined) return 'not_scanned';
    if (p.bytes < (t.minBytes ?? 0)) return 'too_few_bytes';
    if (p.bytes > (t.maxBytes ?? Number.POSITIVE_INFINITY)) return 'too_many_bytes';
  }
  return null;
}

/** Share of samples meeting every requirement, with the count of samples per reason they miss. */
export function measureConformance(
  t: ConformanceTarget,
  samples: readonly ConformanceSample[],
): { value: number; meeting: number; misses: Partial<Record<ConformanceMiss, number>> } {
  const misses: Partial<Record<ConformanceMiss, number>> = {};
  let meeting = 0;
  for (const s of samples) {
    const miss = conformanceMiss(t, s);
    if (miss === null) meeting++;
    else misses[miss] = (misses[miss] ?? 0) + 1;
  }
  return { value: samples.length === 0 ? 0 : meeting / samples.length, meeting, misses };
}
