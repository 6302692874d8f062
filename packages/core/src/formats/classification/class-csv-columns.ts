import { isImagePath } from '../paths.js';
import type { CsvRow } from './csv-rows.js';

const PATH_NAMES = [
  'path',
  'image',
  'file',
  'filename',
  'file_name',
  'image_path',
  'filepath',
  'img',
  'image_name',
];
const LABEL_NAMES = ['label', 'class', 'category', 'class_name', 'label_name', 'target'];
const SPLIT_NAMES = ['split', 'subset', 'set'];
const SCORE_NAMES = ['score', 'confidence', 'conf'];

/** Which column holds what; `probs` are per-class probability columns, in file order. */
export interface CsvColumns {
  header: boolean;
  width: number;
  path: number;
  label?: number;
  split?: number;
  score?: number;
  probs: { column: number; name: string }[];
  ignored: string[];
}

const isNumber = (text: string): boolean => text.trim() !== '' && Number.isFinite(Number(text));

/** Whether the first row is a header: it names a path column, or its first cell is not an image path. */
export function hasHeader(first: string[]): boolean {
  const cell = (first[0] ?? '').trim();
  return PATH_NAMES.includes(cell.toLowerCase()) || !isImagePath(cell);
}

/**
 * Finds the columns. Without a header: path, label, then ignored columns. With one: named columns
 * (path/image/file..., label/class..., split/subset, score/confidence); the remaining columns are class
 * probabilities when there are at least two of them and every value is a number, else ignored.
 */
export function csvColumns(rows: CsvRow[]): CsvColumns {
  const first = rows[0]?.cells ?? [];
  if (!hasHeader(first)) {
    const ignored = first.slice(2).map((_, i) => `column ${i + 3}`);
    return { header: false, width: first.length, path: 0, label: 1, probs: [], ignored };
  }
  const names = first.map((c) => c.trim());
  const lower = names.map((n) => n.toLowerCase());
  const find = (list: string[]): number | undefined => {
    const i = lower.findIndex((n) => list.includes(n));
    return i < 0 ? undefined : i;
  };
  const cols: CsvColumns = {
    header: true,
    width: names.length,
    path: find(PATH_NAMES) ?? 0,
    probs: [],
    ignored: [],
  };
  const label = find(LABEL_NAMES);
  const split = find(SPLIT_NAMES);
  const score = find(SCORE_NAMES);
  if (label !== undefined) cols.label = label;
  if (split !== undefined) cols.split = split;
  if (score !== undefined) cols.score = score;
  const used = new Set([cols.path, label, split, score]);
  const rest = names.map((name, column) => ({ column, name })).filter((c) => !used.has(c.column));
  const data = rows.slice(1);
  const numeric = rest.every((c) =>
    data.every((r) => r.cells[c.column] === undefined || isNumber(r.cells[c.column] as string)),
  );
  if (rest.length >= 2 && numeric) cols.probs = rest;
  else cols.ignored = rest.map((c) => c.name);
  if (cols.label === undefined && cols.probs.length === 0 && names.length >= 2 && cols.path === 0)
    cols.label = 1;
  return cols;
}
