/**
 * Every agreement figure for a table of ratings, in the shape `assay agree --json` prints: percent
 * agreement, Fleiss' kappa, Krippendorff's alpha at four levels and Cohen's kappa per pair of raters.
 */
import { cohenKappa } from './cohen-kappa.js';
import { type FleissKappa, fleissKappa, fleissKappaVariable } from './fleiss-kappa.js';
import { type AlphaLevel, krippendorffAlphas } from './krippendorff-alpha.js';
import { type RatingMatrix, raterColumn } from './rating-matrix.js';

export interface PairAgreement {
  raters: [string, string];
  /** Items both rated. */
  n_common: number;
  percent_agreement: number | null;
  unweighted: number | null;
  linear: number | null;
  quadratic: number | null;
}

export interface FleissReport {
  n_items: number;
  kappa: number | null;
  randolph_kappa: number | null;
  p_bar: number | null;
  p_e: number | null;
}

/** What `assay agree --ratings FILE --json` prints; null where a figure is undefined (e.g. one category). */
export interface RatingsAgreement {
  n_items: number;
  n_raters: number;
  raters: string[];
  /** Ratings given (non-missing cells). */
  n_ratings: number;
  /** Items with at least two ratings (the ones agreement is measured on). */
  n_items_pairable: number;
  /** Share of agreeing rating pairs within an item, averaged over items with ≥ 2 ratings. */
  percent_agreement: number | null;
  /** Fleiss' kappa over the items every rater rated (statsmodels' convention). */
  fleiss_kappa: number | null;
  fleiss: FleissReport;
  /** Fleiss' kappa over items with ≥ 2 ratings, any number of raters each. */
  fleiss_variable: FleissReport;
  krippendorff_alpha: Record<AlphaLevel, number | null>;
  cohen_kappa: PairAgreement[];
  /** Mean of the pairs' unweighted kappa (pairs with a defined kappa). */
  mean_cohen_kappa: number | null;
}

/** JSON has no NaN: undefined figures become null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function fleissReport(f: FleissKappa): FleissReport {
  return {
    n_items: f.items,
    kappa: finiteOrNull(f.kappa),
    randolph_kappa: finiteOrNull(f.randolphKappa),
    p_bar: finiteOrNull(f.observed),
    p_e: finiteOrNull(f.expected),
  };
}

function pairwise(ratings: RatingMatrix): PairAgreement[] {
  const columns = ratings.raters.map((_, j) => raterColumn(ratings, j));
  const out: PairAgreement[] = [];
  for (let a = 0; a < columns.length; a++)
    for (let b = a + 1; b < columns.length; b++) {
      const k = cohenKappa(columns[a]!, columns[b]!);
      out.push({
        raters: [ratings.raters[a]!, ratings.raters[b]!],
        n_common: k.n,
        percent_agreement: finiteOrNull(k.percentAgreement),
        unweighted: finiteOrNull(k.unweighted),
        linear: finiteOrNull(k.linear),
        quadratic: finiteOrNull(k.quadratic),
      });
    }
  return out;
}

export function ratingsAgreement(ratings: RatingMatrix): RatingsAgreement {
  let given = 0;
  for (const v of ratings.values) if (!Number.isNaN(v)) given++;
  const variable = fleissKappaVariable(ratings);
  const complete = fleissKappa(ratings);
  const alphas = krippendorffAlphas(ratings);
  const pairs = pairwise(ratings);
  const kappas = pairs.map((p) => p.unweighted).filter((k): k is number => k !== null);
  return {
    n_items: ratings.items,
    n_raters: ratings.raters.length,
    raters: ratings.raters,
    n_ratings: given,
    n_items_pairable: variable.items,
    percent_agreement: finiteOrNull(variable.observed),
    fleiss_kappa: finiteOrNull(complete.kappa),
    fleiss: fleissReport(complete),
    fleiss_variable: fleissReport(variable),
    krippendorff_alpha: {
      nominal: finiteOrNull(alphas.nominal),
      ordinal: finiteOrNull(alphas.ordinal),
      interval: finiteOrNull(alphas.interval),
      ratio: finiteOrNull(alphas.ratio),
    },
    cohen_kappa: pairs,
    mean_cohen_kappa: kappas.length === 0 ? null : kappas.reduce((a, b) => a + b, 0) / kappas.length,
  };
}

/**
 * Agreement on each item: the share of its rating pairs that agree (NaN for items with < 2 ratings).
 * Low values are the items worth a second look.
 */
export function itemAgreement(ratings: RatingMatrix): Float64Array {
  const r = ratings.raters.length;
  const out = new Float64Array(ratings.items);
  for (let i = 0; i < ratings.items; i++) {
    let m = 0;
    let same = 0;
    for (let a = 0; a < r; a++) {
      const x = ratings.values[i * r + a]!;
      if (Number.isNaN(x)) continue;
      m++;
      for (let b = a + 1; b < r; b++) if (ratings.values[i * r + b] === x) same++;
    }
    out[i] = m < 2 ? Number.NaN : same / ((m * (m - 1)) / 2);
  }
  return out;
}
