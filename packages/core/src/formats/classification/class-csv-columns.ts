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
  /**
   * The class columns are multi-hot labels, not probabilities: every value is 0 or 1 and some row has
   * no 1 or several (Roboflow's multi-label `_classes.csv`). Each 1 is then a label of its own.
   */
  multiHot: boolean;
  ignored: string[];
  /**
   * The header's box columns (xmin, ymin, xmax, ymax, or x, y, w, h), when it has all four: a box CSV (the
   * TensorFlow Object Detection CSV `filename,width,height,class,xmin,ymin,xmax,ymax`, one row per box),
   * which this format does not read (its coordinates would be taken for class probabilities).
   */
  box?: string[];
}

/** Names of a box's corner columns in box CSVs (TF Object Detection, Kaggle and Roboflow exports). */
const BOX_NAMES = [
  ['xmin', 'ymin', 'xmax', 'ymax'],
  ['x_min', 'y_min', 'x_max', 'y_max'],
  ['x1', 'y1', 'x2', 'y2'],
];
/** Names of a box's corner and size columns (Kaggle's `image_name,label_name,x1,y1,w,h`). */
const SIZE_NAMES = [
  ['x', 'y', 'w', 'h'],
  ['x1', 'y1', 'w', 'h'],
  ['xmin', 'ymin', 'w', 'h'],
  ['x_min', 'y_min', 'w', 'h'],
  ['bbox_x', 'bbox_y', 'bbox_w', 'bbox_h'],
  ['bbox_x', 'bbox_y', 'bbox_width', 'bbox_height'],
];

/**
 * The header's box columns as written and what they hold: two corners (`xmin,ymin,xmax,ymax`), or a
 * corner and the size (`x,y,w,h`); undefined when it lacks one of each.
 */
export function boxColumnsOf(names: string[]): { names: string[]; form: 'corners' | 'size' } | undefined {
  const lower = names.map((n) => n.trim().toLowerCase());
  for (const [form, sets] of [
    ['corners', BOX_NAMES],
    ['size', SIZE_NAMES],
  ] as const) {
    for (const set of sets) {
      const at = set.map((name) => lower.indexOf(name));
      if (at.every((i) => i >= 0)) return { names: at.map((i) => (names[i] as string).trim()), form };
    }
  }
  return undefined;
}

/** The header's box columns as written (corners, or corner and size), or undefined when it has none. */
export function boxColumns(names: string[]): string[] | undefined {
  return boxColumnsOf(names)?.names;
}

const isNumber = (text: string): boolean => text.trim() !== '' && Number.isFinite(Number(text));

/**
 * The rule between labels and probabilities: class columns holding only 0 and 1 where some row has no
 * 1 or several are multi-hot labels (a one-hot table, one 1 per row, reads the same either way and
 * stays probabilities, so its label is the argmax as before); anything else is probabilities.
 */
function isMultiHot(data: CsvRow[], columns: { column: number }[]): boolean {
  let notOneHot = false;
  for (const row of data) {
    let ones = 0;
    for (const { column } of columns) {
      const cell = (row.cells[column] ?? '').trim();
      if (cell === '1') ones++;
      else if (cell !== '0') return false;
    }
    if (ones !== 1) notOneHot = true;
  }
  return notOneHot;
}

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
    return { header: false, width: first.length, path: 0, label: 1, probs: [], multiHot: false, ignored };
  }
  const names = first.map((c) => c.trim());
  const lower = names.map((n) => n.toLowerCase());
  const find = (list: string[]): number | undefined => {
    const i = lower.findIndex((n) => list.includes(n));
    return i < 0 ? undefined : i;
  };
  const box = boxColumns(names);
  const cols: CsvColumns = {
    header: true,
    width: names.length,
    path: find(PATH_NAMES) ?? 0,
    probs: [],
    multiHot: false,
    ignored: [],
    ...(box ? { box } : {}),
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
  if (rest.length >= 2 && numeric) {
    cols.probs = rest;
    cols.multiHot = label === undefined && isMultiHot(rows.slice(1), rest);
  } else cols.ignored = rest.map((c) => c.name);
  if (cols.label === undefined && cols.probs.length === 0 && names.length >= 2 && cols.path === 0)
    cols.label = 1;
  return cols;
}
