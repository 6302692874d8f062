/**
 * The rows of a box CSV read into plain values (box-csv-read.ts makes samples and annotations of them),
 * and the rule that tells pixel coordinates from normalised ones.
 */
import { AssayError } from '../../errors.js';
import type { CsvRow } from '../classification/csv-rows.js';
import { foreignPath } from '../coco/foreign-names.js';
import { baseName, relativeInside } from '../paths.js';
import type { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import type { BoxCsvColumns } from './box-csv-columns.js';

/** One row of a box CSV: its image, and its box (corners, units still unknown) unless the cells are empty. */
export interface BoxRow {
  line: number;
  key: string;
  label: string;
  corners?: [number, number, number, number];
  width?: number;
  height?: number;
  score?: number;
  split?: string;
}

/** Paths that were absolute elsewhere (or URLs), read as their file names. */
export interface ForeignPaths {
  count: number;
  examples: string[];
}

const cell = (row: CsvRow, at: number | undefined): string =>
  at === undefined ? '' : (row.cells[at] ?? '').trim();

/** The sample key of a path cell: relative as it is, absolute inside the images root made relative, else its file name. */
function keyOf(
  text: string,
  imagesRoot: string,
  foreign: ForeignPaths,
): { key: string } | { refused: string } {
  const key = toSampleKey(text);
  if ('key' in key) return key;
  const other = foreignPath(text);
  if (!other) return key;
  const inside = other.absolute ? relativeInside(imagesRoot, other.path) : undefined;
  const relative = inside ? toSampleKey(inside) : undefined;
  if (relative && 'key' in relative) return relative;
  const name = toSampleKey(baseName(other.path));
  if ('key' in name) {
    foreign.count++;
    if (foreign.examples.length < 2) foreign.examples.push(`"${text}" → ${name.key}`);
  }
  return name;
}

function positive(text: string): number | undefined {
  const n = Number(text);
  return text !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Reads a data row, or undefined (skipped with a problem naming its line). */
export function readBoxRow(
  row: CsvRow,
  cols: BoxCsvColumns,
  ctx: { file: string; imagesRoot: string; problems: ProblemList; foreign: ForeignPaths },
): BoxRow | undefined {
  const record = `line ${row.line}`;
  const fail = (reason: string, hint?: string): undefined => {
    ctx.problems.skip(ctx.file, record, reason, hint);
    return undefined;
  };
  const path = cell(row, cols.path);
  if (!path) return fail('the image cell is empty');
  const key = keyOf(path, ctx.imagesRoot, ctx.foreign);
  if ('refused' in key) return fail(key.refused);
  const out: BoxRow = { line: row.line, key: key.key, label: cell(row, cols.label) };
  const width = positive(cell(row, cols.width));
  const height = positive(cell(row, cols.height));
  if (width !== undefined && height !== undefined) Object.assign(out, { width, height });
  const split = cell(row, cols.split);
  if (split) out.split = split;
  const texts = cols.box.map((at) => cell(row, at));
  if (texts.every((t) => t === '')) return out; // an image without boxes
  const values = texts.map(Number) as [number, number, number, number];
  if (texts.some((t) => t === '') || values.some((v) => !Number.isFinite(v)))
    return fail(`the box ${cols.boxNames.join(', ')} = ${texts.join(', ')} is not four numbers`);
  const [x1, y1, a, b] = values;
  const corners: [number, number, number, number] =
    cols.form === 'size' ? [x1, y1, x1 + a, y1 + b] : [x1, y1, a, b];
  if (corners[2] < x1 || corners[3] < y1)
    return fail(
      cols.form === 'size'
        ? `the box has a negative size (${cols.boxNames[2]} ${a}, ${cols.boxNames[3]} ${b})`
        : `the box ends before it starts (${cols.boxNames[0]} ${x1} > ${cols.boxNames[2]} ${a} or ${cols.boxNames[1]} ${y1} > ${cols.boxNames[3]} ${b})`,
      cols.form === 'size'
        ? 'These box columns are a corner and the size: x, y, w, h.'
        : 'Box CSV columns are the corners: xmin, ymin, xmax, ymax.',
    );
  if (!out.label) return fail('the class cell is empty');
  out.corners = corners;
  const score = cell(row, cols.score);
  if (score !== '') {
    const value = Number(score);
    if (!Number.isFinite(value)) return fail(`score "${score}" is not a number`);
    out.score = value;
  }
  return out;
}

/** How the coordinates of a file are given. */
export type BoxUnits = 'pixels' | 'normalised';

/**
 * Pixels, unless every corner of every box lies in [0, 1] (fractions of the image size, as Google's
 * AutoML and Open Images CSVs give them). A file where most boxes lie in [0, 1] and others do not mixes
 * the two (no pixel box fits in one pixel): refused, since either reading misplaces boxes.
 */
export function boxUnits(rows: readonly BoxRow[], file: string): BoxUnits {
  let unit = 0;
  let boxes = 0;
  let firstPixel: BoxRow | undefined;
  for (const row of rows) {
    if (!row.corners) continue;
    boxes++;
    if (row.corners.every((v) => v >= 0 && v <= 1)) unit++;
    else firstPixel ??= row;
  }
  if (boxes > 0 && unit === boxes) return 'normalised';
  if (unit * 2 > boxes && firstPixel) {
    throw new AssayError(
      'INVALID_INPUT',
      `${file} mixes normalised and pixel coordinates: ${unit.toLocaleString('en-US')} of ${boxes.toLocaleString('en-US')} boxes lie within [0, 1], but line ${firstPixel.line} has ${firstPixel.corners?.join(', ')}.`,
      {
        hint: 'Write every box in pixels (or every box as fractions of the image size), then import again.',
        details: { file, line: firstPixel.line },
      },
    );
  }
  return 'pixels';
}
