import { appendAll, maxOf } from '../../arrays/append-all.js';
import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { isLabelStudioCsvHeader } from '../label-studio/label-studio-csv.js';
import { dirName, extName, joinPath, relativeInside, toPosix } from '../paths.js';
import { ProblemList } from '../problems.js';
import { toSampleKey } from '../sample-key.js';
import { assertText } from '../text-check.js';
import { type CsvColumns, csvColumns } from './class-csv-columns.js';
import { orderClasses, readClassList } from './class-list.js';
import { type CsvRow, parseCsv } from './csv-rows.js';

async function csvFile(input: ReadInput): Promise<string> {
  if (!(await input.io.isDirectory(input.path))) return input.path;
  const csv = (await input.io.listFiles(input.path)).filter((f) => extName(f) === '.csv');
  if (csv.length === 1) return joinPath(input.path, csv[0] as string);
  throw new AssayError('INVALID_INPUT', `${input.path} holds ${csv.length} .csv files; expected one.`, {
    hint: 'Point to the CSV file itself.',
  });
}

/** Most class-probability columns a CSV may have (ImageNet-21k has 21,841 classes). */
export const MAX_PROB_COLUMNS = 50_000;
/** Most probability values (rows × columns) read from one CSV: 400 MB as doubles. */
export const MAX_PROB_VALUES = 50_000_000;

/** Refuses a CSV with more probability columns or values than Assay keeps in memory. */
function assertBounded(file: string, cols: CsvColumns, rows: number): void {
  const n = cols.probs.length;
  if (n <= MAX_PROB_COLUMNS && n * rows <= MAX_PROB_VALUES) return;
  throw new AssayError(
    'UNSUPPORTED',
    `${file} has ${n.toLocaleString('en-US')} class-probability columns × ${rows.toLocaleString('en-US')} rows; ` +
      `Assay reads at most ${MAX_PROB_COLUMNS.toLocaleString('en-US')} columns and ${MAX_PROB_VALUES.toLocaleString('en-US')} values from a CSV.`,
    {
      hint: 'Give class probabilities as a .npy array (assay label-errors --pred-probs), or split the CSV.',
      details: { file, columns: n, rows },
    },
  );
}

/**
 * Label Studio's CSV export is read by the label-studio format (its label cells are JSON regions: read
 * here they became classes named by that JSON). A box CSV (one row per box: `filename,width,height,class,xmin,ymin,xmax,ymax`) is read by
 * box-csv: read as image labels its corner columns became class probabilities and classes of their own.
 */
function assertNoBoxes(file: string, cols: CsvColumns, header: string[]): void {
  if (cols.header && isLabelStudioCsvHeader(header)) {
    throw new AssayError(
      'USAGE',
      `${file} is Label Studio's CSV export (image, annotator columns; its regions are JSON cells), not a class CSV.`,
      { hint: `Import it as Label Studio: assay import label-studio ${file}` },
    );
  }
  if (!cols.box) return;
  throw new AssayError(
    'USAGE',
    `${file} is a box CSV (one row per box, with ${cols.box.join(', ')} columns: the TensorFlow Object Detection CSV), not a class CSV: class-csv reads one label per image.`,
    {
      hint: `Import it as boxes: assay import box-csv ${file}`,
      details: { file, columns: cols.box },
    },
  );
}

/** Class columns must have names, each once: they become the project's classes. */
function assertClassColumns(file: string, cols: CsvColumns): void {
  const seen = new Set<string>();
  for (const p of cols.probs) {
    const problem =
      p.name === '' ? 'has no name' : seen.has(p.name) ? `repeats the name "${p.name}"` : undefined;
    seen.add(p.name);
    if (problem === undefined) continue;
    throw new AssayError('INVALID_INPUT', `${file}: the header's column ${p.column + 1} ${problem}.`, {
      hint: 'Each class column of the header names one class, once.',
      details: { file, column: p.column + 1 },
    });
  }
}

/** A path cell → sample key: relative paths as they are, absolute ones only inside the images root. */
function keyOf(cell: string, imagesRoot: string): { key: string } | { refused: string } {
  const text = toPosix(cell.trim());
  const inside =
    text.startsWith('/') || /^[a-zA-Z]:\//.test(text) ? relativeInside(imagesRoot, text) : undefined;
  return toSampleKey(inside ?? text);
}

interface RowContext {
  file: string;
  cols: CsvColumns;
  classNames: string[];
  /** Index of each class name in classNames. */
  classIndex: Map<string, number>;
  /** Per class (classNames order): its probability column's index in cols.probs, or -1. */
  probOfClass: number[];
  imagesRoot: string;
  source: string;
  problems: ProblemList;
}

/** A multi-hot row: one classification label per class column holding 1 (none for a row of 0s). */
function multiHotLabels(row: CsvRow, ctx: RowContext, key: string): Annotation[] {
  return ctx.cols.probs
    .filter((p) => (row.cells[p.column] ?? '').trim() === '1')
    .map((p) => ({ sample: key, source: ctx.source, kind: 'classification', label: p.name }));
}

function readRow(row: CsvRow, ctx: RowContext): { sample: Sample; annotations: Annotation[] } | undefined {
  const { cols, problems, file } = ctx;
  const record = `line ${row.line}`;
  const fail = (reason: string, hint?: string): undefined => {
    problems.skip(file, record, reason, hint);
    return undefined;
  };
  if (row.cells.length !== cols.width)
    return fail(
      `expected ${cols.width} columns, found ${row.cells.length}`,
      'Quote fields that contain commas.',
    );
  const key = keyOf(row.cells[cols.path] ?? '', ctx.imagesRoot);
  if ('refused' in key) return fail(key.refused);
  const split = cols.split === undefined ? '' : (row.cells[cols.split] ?? '').trim();
  const sample: Sample = { key: key.key, kind: 'image', ...(split ? { split } : {}) };
  if (cols.multiHot) return { sample, annotations: multiHotLabels(row, ctx, key.key) };
  const probs = cols.probs.map((p) => Number(row.cells[p.column]));
  if (probs.some((p) => !Number.isFinite(p))) return fail('a probability is not a number');
  const ordered = ctx.probOfClass.map((i) => (i < 0 ? 0 : (probs[i] as number)));
  let label = cols.label === undefined ? undefined : (row.cells[cols.label] ?? '').trim();
  if (label === undefined && probs.length > 0) label = ctx.classNames[ordered.indexOf(maxOf(ordered))];
  if (!label) return fail('the label is empty');
  const annotation: Annotation = { sample: key.key, source: ctx.source, kind: 'classification', label };
  if (cols.score !== undefined) {
    const score = Number(row.cells[cols.score]);
    if (row.cells[cols.score]?.trim() === '' || !Number.isFinite(score))
      return fail(`score "${row.cells[cols.score]}" is not a number`);
    annotation.score = score;
  } else if (probs.length > 0) annotation.score = ordered[ctx.classIndex.get(label) ?? -1] ?? 0;
  if (probs.length > 0) annotation.probs = ordered;
  return { sample, annotations: [annotation] };
}

/**
 * Reads a `path,label[,split][,score][,<class probabilities>...]` CSV (header optional), or a
 * multi-label table `path,<class>,<class>...` of 0/1 columns (Roboflow's `_classes.csv`; the rule is
 * in class-csv-columns.ts: only 0 and 1, and some row not exactly one 1). Paths are
 * relative to ReadInput.images, else to the CSV's folder (absolute paths only inside that folder).
 * Class map: classes.txt beside the CSV, then probability columns, then labels sorted.
 */
export async function readClassCsv(input: ReadInput): Promise<ReadResult> {
  const file = await csvFile(input);
  const text = await input.io.readText(file);
  assertText(text, file, 'CSV file');
  const firstLine = text.split('\n', 1)[0] ?? '';
  const tab = extName(file) === '.tsv' || (firstLine.includes('\t') && !firstLine.includes(','));
  const rows = parseCsv(text, file, tab ? '\t' : ',');
  const cols = csvColumns(rows);
  const data = cols.header ? rows.slice(1) : rows;
  assertNoBoxes(file, cols, rows[0]?.cells ?? []);
  assertBounded(file, cols, data.length);
  assertClassColumns(file, cols);
  const labels =
    cols.label === undefined
      ? []
      : data.map((r) => (r.cells[cols.label as number] ?? '').trim()).filter(Boolean);
  const listed = await readClassList(dirName(file), input.io);
  const classNames = orderClasses(
    orderClasses(
      listed,
      cols.probs.map((p) => p.name),
    ),
    [...new Set(labels)].sort(),
  );
  const imagesRoot = input.images ?? dirName(file);
  const probIndex = new Map<string, number>();
  for (const [i, p] of cols.probs.entries()) if (!probIndex.has(p.name)) probIndex.set(p.name, i);
  const ctx: RowContext = {
    file,
    cols,
    classNames,
    classIndex: new Map(classNames.map((name, i) => [name, i])),
    probOfClass: classNames.map((name) => probIndex.get(name) ?? -1),
    imagesRoot,
    source: input.source,
    problems: new ProblemList(),
  };
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  for (const row of data) {
    const read = readRow(row, ctx);
    if (read === undefined) continue;
    if (!samples.has(read.sample.key)) samples.set(read.sample.key, read.sample);
    appendAll(annotations, read.annotations);
  }
  const notes = [`${data.length} rows, ${samples.size} images, ${classNames.length} classes`];
  if (cols.ignored.length > 0) notes.push(`columns ignored: ${cols.ignored.join(', ')}`);
  const columns = cols.probs.map((p) => p.name).join(', ');
  if (cols.multiHot) notes.push(`multi-label (0/1) class columns, one label per 1: ${columns}`);
  else if (cols.probs.length > 0) notes.push(`class probabilities from columns: ${columns}`);
  return {
    classes: classNames.map((name, i) => ({ name, originalIds: { 'class-csv': i } })),
    probsOrder: classNames,
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: ctx.problems.items,
    notes,
  };
}
