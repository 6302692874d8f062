/**
 * Reads a ratings table: a header row of rater names, then one row per item with one rating per rater
 * (integers or decimals; an empty cell, `NA` or `NaN` is a missing rating). A row with the wrong number of
 * cells or a cell that is not a number is skipped and reported, never guessed.
 */

import { appendAll } from '../arrays/append-all.js';
import { AssayError } from '../errors.js';
import { parseCsv } from '../formats/classification/csv-rows.js';
import { ProblemList } from '../formats/problems.js';
import type { RatingMatrix } from './rating-matrix.js';

export interface ParsedRatings {
  ratings: RatingMatrix;
  /** Rows skipped, each naming its line. */
  problems: ProblemList;
  /** 1-based line of each kept item in the file. */
  lines: number[];
}

const MISSING = new Set(['', 'na', 'nan']);

export function parseRatingsCsv(text: string, file: string): ParsedRatings {
  const rows = parseCsv(text, file);
  const header = rows[0];
  if (!header || header.cells.length < 2) {
    throw new AssayError(
      'INVALID_INPUT',
      `${file}: a ratings file needs a header row with at least two rater names.`,
      {
        hint: 'First line: rater names separated by commas (e.g. "alice,bob,carol"); then one row per item.',
      },
    );
  }
  const raters = header.cells.map((c) => c.trim());
  const seen = new Set<string>();
  for (const name of raters) {
    if (name === '' || seen.has(name)) {
      throw new AssayError(
        'INVALID_INPUT',
        `${file}: rater names in the header must be unique and non-empty ("${name}").`,
        {
          hint: 'Give every column a distinct rater name.',
        },
      );
    }
    seen.add(name);
  }
  const problems = new ProblemList();
  const width = raters.length;
  const values: number[] = [];
  const lines: number[] = [];
  for (const row of rows.slice(1)) {
    const record = `line ${row.line}`;
    if (row.cells.length !== width) {
      problems.skip(file, record, `${row.cells.length} cells where the header names ${width} raters`);
      continue;
    }
    const parsed = new Array<number>(width).fill(Number.NaN);
    let bad = -1;
    for (let j = 0; j < width && bad < 0; j++) {
      const t = row.cells[j]!.trim();
      if (MISSING.has(t.toLowerCase())) continue;
      const v = Number(t);
      if (Number.isFinite(v)) parsed[j] = v;
      else bad = j;
    }
    if (bad >= 0) {
      problems.skip(file, record, `rating "${row.cells[bad]}" of ${raters[bad]} is not a number`);
      continue;
    }
    appendAll(values, parsed);
    lines.push(row.line);
  }
  return { ratings: { raters, items: lines.length, values: Float64Array.from(values) }, problems, lines };
}
