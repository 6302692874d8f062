/// <reference path="./jstat.d.ts" />
import jStat from 'jstat';
import { AssayError } from '../errors.js';

/** A two-sided confidence interval of a proportion. */
export interface Interval {
  low: number;
  high: number;
}

/** The interval methods Assay reports (statsmodels' `proportion_confint` names: `beta`, `wilson`). */
export type IntervalMethod = 'clopper-pearson' | 'wilson';

function checkCounts(x: number, n: number, confidence: number): void {
  if (!(n > 0) || !(x >= 0) || x > n)
    throw new AssayError(
      'INVALID_INPUT',
      `A proportion needs 0 ≤ successes ≤ trials > 0 (got ${x} of ${n}).`,
    );
  if (!(confidence > 0 && confidence < 1))
    throw new AssayError('USAGE', `A confidence level lies strictly between 0 and 1 (got ${confidence}).`, {
      hint: 'Use e.g. 0.95.',
    });
}

/** The standard normal quantile (jstat's inverse of erfc). */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/**
 * Clopper–Pearson ("exact") interval: the beta quantiles α/2 of Beta(x, n−x+1) and 1−α/2 of
 * Beta(x+1, n−x); 0 and 1 at the ends (statsmodels `proportion_confint(method='beta')`). `x` may be a
 * fractional effective count (the stratified estimate uses one, as Korn and Graubard 1998 do).
 */
export function clopperPearson(x: number, n: number, confidence = 0.95): Interval {
  checkCounts(x, n, confidence);
  const alpha = 1 - confidence;
  return {
    low: x <= 0 ? 0 : jStat.beta.inv(alpha / 2, x, n - x + 1),
    high: x >= n ? 1 : jStat.beta.inv(1 - alpha / 2, x + 1, n - x),
  };
}

/** Wilson score interval (statsmodels `proportion_confint(method='wilson')`), clipped to [0, 1]. */
export function wilsonInterval(x: number, n: number, confidence = 0.95): Interval {
  checkCounts(x, n, confidence);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const center = (x + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((x * (n - x)) / n + z2 / 4);
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

export function proportionInterval(
  method: IntervalMethod,
  x: number,
  n: number,
  confidence = 0.95,
): Interval {
  return method === 'wilson' ? wilsonInterval(x, n, confidence) : clopperPearson(x, n, confidence);
}
