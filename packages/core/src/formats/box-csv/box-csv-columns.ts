/**
 * The columns of a box CSV, one row per box (an image without boxes: a row with empty box cells):
 *  - TensorFlow Object Detection CSV (Roboflow's `_annotations.csv`, Kaggle):
 *    `filename,width,height,class,xmin,ymin,xmax,ymax`;
 *  - the common `image,label,x_min,y_min,x_max,y_max` variants (any order; `x1,y1,x2,y2` too), and
 *    Kaggle's corner-and-size form `image_name,label_name,x1,y1,w,h`;
 *  - supervision's CSVSink (`x_min,y_min,x_max,y_max,class_id,confidence,tracker_id,…`) with an image
 *    column among its custom fields (`image_name`, `file_name`…), `class_name` preferred to `class_id`;
 *  - Keras RetinaNet's CSV, without a header: `path,x1,y1,x2,y2,class_name`.
 */
import { boxColumnsOf } from '../classification/class-csv-columns.js';
import { isImagePath } from '../paths.js';

const PATH_NAMES = [
  'filename',
  'file_name',
  'image',
  'image_name',
  'image_path',
  'image_file',
  'path',
  'file',
  'filepath',
  'img',
  'img_path',
];
/** Label columns, preferred first (supervision writes class_id always, class_name when it has names). */
const LABEL_NAMES = ['class', 'label', 'class_name', 'label_name', 'category', 'category_name', 'class_id'];
const WIDTH_NAMES = ['width', 'image_width', 'img_width'];
const HEIGHT_NAMES = ['height', 'image_height', 'img_height'];
const SCORE_NAMES = ['score', 'confidence', 'conf'];
const SPLIT_NAMES = ['split', 'subset', 'set'];

/** Where each field of a box CSV is: column indices, and the header's corner names as written. */
export interface BoxCsvColumns {
  header: boolean;
  path: number;
  label?: number;
  /** xmin, ymin, xmax, ymax; or x, y, w, h when `form` is `size`. */
  box: [number, number, number, number];
  boxNames: string[];
  form: 'corners' | 'size';
  width?: number;
  height?: number;
  score?: number;
  split?: number;
}

function findIn(lower: string[], names: string[]): number | undefined {
  for (const name of names) {
    const i = lower.indexOf(name);
    if (i >= 0) return i;
  }
  return undefined;
}

const isNumber = (text: string): boolean => text.trim() !== '' && Number.isFinite(Number(text));

/** Keras RetinaNet's headerless row: an image path, four numbers (or four empty cells) and a class. */
function isRetinaNetRow(cells: string[]): boolean {
  if (cells.length !== 6 || !isImagePath(cells[0] ?? '')) return false;
  const box = cells.slice(1, 5);
  return box.every(isNumber) || cells.slice(1).every((c) => c.trim() === '');
}

/**
 * The columns of a box CSV from its first row (a header naming an image column and four box corners,
 * or Keras RetinaNet's headerless first row), else undefined: no box CSV.
 */
export function boxCsvColumns(first: string[]): BoxCsvColumns | undefined {
  if (isRetinaNetRow(first))
    return {
      header: false,
      path: 0,
      box: [1, 2, 3, 4],
      boxNames: ['x1', 'y1', 'x2', 'y2'],
      form: 'corners',
      label: 5,
    };
  const names = first.map((c) => c.trim());
  const lower = names.map((n) => n.toLowerCase());
  const found = boxColumnsOf(names);
  const path = findIn(lower, PATH_NAMES);
  if (!found || path === undefined) return undefined;
  const boxNames = found.names;
  const box = boxNames.map((n) => names.findIndex((m) => m.trim() === n)) as [number, number, number, number];
  const cols: BoxCsvColumns = { header: true, path, box, boxNames, form: found.form };
  const fields = [
    ['label', LABEL_NAMES],
    ['width', WIDTH_NAMES],
    ['height', HEIGHT_NAMES],
    ['score', SCORE_NAMES],
    ['split', SPLIT_NAMES],
  ] as const;
  for (const [field, list] of fields) {
    const at = findIn(lower, [...list]);
    if (at !== undefined) cols[field] = at;
  }
  return cols;
}
