/**
 * Fleiss' kappa (Fleiss 1971, "Measuring nominal scale agreement among many raters") with the
 * conventions of statsmodels (`statsmodels.stats.inter_rater.fleiss_kappa` over `aggregate_raters`):
 * only items rated by every rater are used, the categories are the distinct values on those items, and
 * Randolph's free-marginal kappa takes 1/(number of those categories) as chance agreement.
 * `fleissKappaVariable` also takes items with any number (≥ 2) of ratings: each item's agreement is the
 * share of agreeing rating pairs on it, and chance agreement comes from all those ratings.
 */
import type { RatingMatrix } from './rating-matrix.js';

export interface FleissKappa {
  /** Items used (complete items, or items with ≥ 2 ratings for the variable form). */
  items: number;
  kappa: number;
  /** Randolph's (2005) free-marginal multirater kappa. */
  randolphKappa: number;
  /** Mean observed agreement P̄ (share of agreeing rating pairs, averaged over items). */
  observed: number;
  /** Chance agreement P̄_e = Σ p_j². */
  expected: number;
}

/** Fleiss' kappa of a subjects × categories table of counts with the same number of raters per row. */
export function fleissKappaTable(table: readonly (readonly number[])[]): FleissKappa {
  const categories = table[0]?.length ?? 0;
  const totals = new Float64Array(categories);
  let raters = 0;
  for (const row of table)
    raters = Math.max(
      raters,
      row.reduce((a, b) => a + b, 0),
    );
  let observed = 0;
  let all = 0;
  for (const row of table) {
    let squares = 0;
    row.forEach((n, j) => {
      totals[j]! += n;
      squares += n * n;
      all += n;
    });
    observed += (squares - raters) / (raters * (raters - 1));
  }
  return fleissResult(observed / table.length, totals, all, table.length, categories);
}

/** Rows of per-category counts for the items selected by `keep`, on the categories they use. */
function countTable(m: RatingMatrix, keep: (present: number) => boolean): number[][] {
  const r = m.raters.length;
  const rows: number[][] = [];
  const categories = new Set<number>();
  const kept: number[] = [];
  for (let i = 0; i < m.items; i++) {
    let present = 0;
    for (let j = 0; j < r; j++) if (!Number.isNaN(m.values[i * r + j]!)) present++;
    if (!keep(present)) continue;
    kept.push(i);
    for (let j = 0; j < r; j++) {
      const v = m.values[i * r + j]!;
      if (!Number.isNaN(v)) categories.add(v);
    }
  }
  const index = new Map([...categories].sort((a, b) => a - b).map((v, i) => [v, i]));
  for (const i of kept) {
    const row = new Array<number>(index.size).fill(0);
    for (let j = 0; j < r; j++) {
      const v = m.values[i * r + j]!;
      if (!Number.isNaN(v)) row[index.get(v)!]!++;
    }
    rows.push(row);
  }
  return rows;
}

/** Fleiss' kappa over the items every rater rated (statsmodels: fleiss_kappa(aggregate_raters(...))). */
export function fleissKappa(ratings: RatingMatrix): FleissKappa {
  const r = ratings.raters.length;
  const table = countTable(ratings, (present) => present === r);
  if (table.length === 0 || r < 2) {
    const nan = Number.NaN;
    return { items: table.length, kappa: nan, randolphKappa: nan, observed: nan, expected: nan };
  }
  return fleissKappaTable(table);
}

/** Fleiss' kappa generalised to items with different numbers (≥ 2) of ratings. */
export function fleissKappaVariable(ratings: RatingMatrix): FleissKappa {
  const table = countTable(ratings, (present) => present >= 2);
  const categories = table[0]?.length ?? 0;
  const totals = new Float64Array(categories);
  let observed = 0;
  let all = 0;
  for (const row of table) {
    let m = 0;
    let pairs = 0;
    row.forEach((n, j) => {
      totals[j]! += n;
      m += n;
      pairs += n * (n - 1);
    });
    all += m;
    observed += pairs / (m * (m - 1));
  }
  return fleissResult(observed / table.length, totals, all, table.length, categories);
}

/** Kappa from the mean observed agreement and the category totals (Fleiss' expected agreement). */
function fleissResult(
  observed: number,
  totals: Iterable<number>,
  all: number,
  items: number,
  categories: number,
): FleissKappa {
  let expected = 0;
  for (const t of totals) expected += (t / all) ** 2;
  return {
    items,
    kappa: (observed - expected) / (1 - expected),
    randolphKappa: (observed - 1 / categories) / (1 - 1 / categories),
    observed,
    expected,
  };
}
