/**
 * Reliability data: `items` rows × `raters` columns, item-major, `NaN` where a rater gave no rating.
 * Every agreement coefficient in this folder reads this one layout.
 */
export interface RatingMatrix {
  raters: string[];
  items: number;
  /** values[item * raters.length + rater]; NaN = missing. */
  values: Float64Array;
}

/** Builds a RatingMatrix from rows of numbers (null, undefined or NaN = missing). */
export function ratingMatrixFromRows(
  raters: string[],
  rows: readonly (readonly (number | null | undefined)[])[],
): RatingMatrix {
  const r = raters.length;
  const values = new Float64Array(rows.length * r).fill(Number.NaN);
  rows.forEach((row, i) => {
    for (let j = 0; j < r; j++) {
      const v = row[j];
      if (v !== null && v !== undefined) values[i * r + j] = v;
    }
  });
  return { raters, items: rows.length, values };
}

/** Expands a subjects × categories count table (Fleiss' layout) into one rating per rater slot. */
export function ratingMatrixFromCounts(counts: readonly (readonly number[])[]): RatingMatrix {
  const width = Math.max(0, ...counts.map((row) => row.reduce((a, b) => a + b, 0)));
  const rows = counts.map((row) => {
    const out: number[] = [];
    row.forEach((n, category) => {
      for (let k = 0; k < n; k++) out.push(category);
    });
    return out;
  });
  const raters = Array.from({ length: width }, (_, i) => `slot${i + 1}`);
  return ratingMatrixFromRows(raters, rows);
}

/** The ratings of one rater, as a strided view copied into a new array. */
export function raterColumn(m: RatingMatrix, rater: number): Float64Array {
  const r = m.raters.length;
  const out = new Float64Array(m.items);
  for (let i = 0; i < m.items; i++) out[i] = m.values[i * r + rater]!;
  return out;
}
