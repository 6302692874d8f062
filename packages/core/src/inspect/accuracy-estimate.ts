import { clopperPearson, type Interval, wilsonInterval } from './proportion-interval.js';

/** One stratum of an inspection: its population, and how many of its drawn items were judged, and correct. */
export interface StratumCounts {
  name: string;
  population: number;
  judged: number;
  correct: number;
}

export interface AccuracyEstimate {
  accuracy: number | null;
  judged: number;
  correct: number;
  clopper_pearson: Interval | null;
  wilson: Interval | null;
}

export interface StratifiedEstimate extends AccuracyEstimate {
  /** The effective sample size of the stratified estimate (Kish: p(1−p)/variance). */
  effective_n: number | null;
}

export interface InspectionEstimate {
  confidence: number;
  /** Every judged item pooled (what a simple random sample estimates). */
  overall: AccuracyEstimate;
  strata: (AccuracyEstimate & { name: string; population: number })[];
  /**
   * Σ W_h·p_h with W_h = N_h/N over the strata with judged items (null without strata). Its intervals
   * are Clopper–Pearson and Wilson at the effective sample size n* = p(1−p)/Var, Var = Σ W_h²·p_h(1−p_h)/n_h·(1−n_h/N_h)
   * (Korn and Graubard 1998, without their cap at n: proportional allocation makes n* > n, the gain of stratifying); when every stratum is all correct (Var = 0), n* is the number judged.
   */
  stratified: StratifiedEstimate | null;
}

function estimate(correct: number, judged: number, confidence: number): AccuracyEstimate {
  if (judged === 0) return { accuracy: null, judged, correct, clopper_pearson: null, wilson: null };
  return {
    accuracy: correct / judged,
    judged,
    correct,
    clopper_pearson: clopperPearson(correct, judged, confidence),
    wilson: wilsonInterval(correct, judged, confidence),
  };
}

/** Label accuracy from an inspection's judged items: pooled, per stratum, and stratified. */
export function estimateAccuracy(strata: readonly StratumCounts[], confidence = 0.95): InspectionEstimate {
  let judged = 0;
  let correct = 0;
  for (const s of strata) {
    judged += s.judged;
    correct += s.correct;
  }
  const overall = estimate(correct, judged, confidence);
  const perStratum = strata.map((s) => ({
    name: s.name,
    population: s.population,
    ...estimate(s.correct, s.judged, confidence),
  }));
  const used = strata.filter((s) => s.judged > 0);
  let stratified: StratifiedEstimate | null = null;
  if (strata.length > 1 && used.length > 0) {
    const N = used.reduce((a, s) => a + s.population, 0);
    let p = 0;
    let variance = 0;
    for (const s of used) {
      const w = s.population / N;
      const ph = s.correct / s.judged;
      p += w * ph;
      const fpc = s.population > 0 ? Math.max(0, 1 - s.judged / s.population) : 0;
      variance += (w * w * ph * (1 - ph) * fpc) / s.judged;
    }
    const nEff = variance > 0 ? (p * (1 - p)) / variance : judged;
    const xEff = p * nEff;
    stratified = {
      accuracy: p,
      judged,
      correct,
      effective_n: nEff,
      clopper_pearson: clopperPearson(xEff, nEff, confidence),
      wilson: wilsonInterval(xEff, nEff, confidence),
    };
  }
  return { confidence, overall, strata: perStratum, stratified };
}
