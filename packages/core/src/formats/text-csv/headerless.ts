import type { CsvRow } from '../classification/csv-rows.js';
import { LABEL_NAMES, TEXT_NAMES } from '../text-records.js';

/** Rows looked at to choose the columns of a file without a header. */
const LOOK = 500;
/** A label column has at most this many distinct values among the rows looked at. */
const MAX_CLASSES = 50;
const NUMBER = /^-?\d+(\.\d+)?$/;
const words = (cell: string) => cell.trim().split(/\s+/).length;

/**
 * Whether the first row is data, not a header (GLUE's CoLA, SST and fastText-like `label<TAB>text`
 * files have none): no cell is a text or label name, and a cell is a number (a label, a score) or a
 * sentence (four words or more) — a header names columns with a word or two.
 */
export function isHeaderless(first: readonly string[]): boolean {
  const lower = first.map((c) => c.trim().toLowerCase());
  if (lower.some((c) => TEXT_NAMES.includes(c) || LABEL_NAMES.includes(c) || c === 'id')) return false;
  return first.length >= 2 && first.some((c) => NUMBER.test(c.trim()) || words(c) >= 4);
}

/** The header a file without one is read with: its columns' numbers, `1`, `2`, … (as --text-column names them). */
export function numberedHeader(width: number): string[] {
  return Array.from({ length: width }, (_, i) => String(i + 1));
}

/**
 * The text and label columns (0-based) of a file without a header, from its rows: the text the column
 * of the longest cells that holds sentences (two words or more on average); the label the column of whole numbers
 * with the fewest distinct values (0/1, a class id), else of any values with the fewest (at most 50).
 * Undefined when no column holds sentences or none can be a label.
 */
export function guessHeaderlessColumns(rows: readonly CsvRow[]): { text: number; label: number } | undefined {
  const body = rows.slice(0, LOOK).map((r) => r.cells);
  const width = Math.max(0, ...body.map((c) => c.length));
  const full = body.filter((c) => c.length === width);
  if (full.length === 0) return undefined;
  const mean = (i: number, f: (c: string) => number) => full.reduce((n, c) => n + f(c[i]!), 0) / full.length;
  let text = -1;
  for (let i = 0; i < width; i++)
    if (mean(i, words) >= 2 && (text < 0 || mean(i, (c) => c.length) > mean(text, (c) => c.length))) text = i;
  if (text < 0) return undefined;
  let label = -1;
  let best = Number.POSITIVE_INFINITY;
  for (const numeric of [true, false]) {
    for (let i = 0; i < width; i++) {
      if (i === text) continue;
      const cells = full.map((c) => c[i]!.trim());
      if (cells.some((c) => c === '') || (numeric && !cells.every((c) => /^-?\d+$/.test(c)))) continue;
      const distinct = new Set(cells).size;
      if (distinct <= MAX_CLASSES && distinct < best && (distinct < full.length || full.length < 4)) {
        best = distinct;
        label = i;
      }
    }
    if (label >= 0) break;
  }
  return label < 0 ? undefined : { text, label };
}
