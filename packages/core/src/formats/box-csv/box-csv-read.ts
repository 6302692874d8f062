import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { parseCsv } from '../classification/csv-rows.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { mergeSplitReads, SPLIT_FOLDERS, type SplitSource } from '../merge-split-reads.js';
import { baseName, dirName, extName, isImagePath, joinPath } from '../paths.js';
import { ProblemList } from '../problems.js';
import { assertText } from '../text-check.js';
import { boxCsvColumns } from './box-csv-columns.js';
import { type BoxRow, type BoxUnits, boxUnits, type ForeignPaths, readBoxRow } from './box-csv-rows.js';

/** The file write() gives the CSV, and Roboflow's name for it in each split folder. */
export const BOX_CSV_FILE = 'annotations.csv';
export const ROBOFLOW_BOX_CSV_FILE = '_annotations.csv';

/** A CSV whose name gives a split: `train.csv`, `train_labels.csv` (TensorFlow's tutorial), `test-export.csv` (VoTT). */
const SPLIT_CSV = /^(train|val|valid|validation|test)(?:[-_](?:labels|export|annotations))?\.csv$/i;

/**
 * The CSVs a path names: the file; else a folder's annotations.csv, _annotations.csv or only .csv;
 * else its CSVs when each name gives a split, one split each (undefined when none of these fits).
 */
export async function boxCsvFiles(path: string, io: FormatIO): Promise<SplitSource[] | undefined> {
  if (!(await io.isDirectory(path))) return [{ file: path }];
  const csv = (await io.listFiles(path)).filter((f) => extName(f) === '.csv');
  const named = [BOX_CSV_FILE, ROBOFLOW_BOX_CSV_FILE].find((n) => csv.includes(n));
  const only = named ?? (csv.length === 1 ? csv[0] : undefined);
  if (only !== undefined) return [{ file: joinPath(path, only) }];
  const splits = csv.map((name) => ({
    name,
    split: SPLIT_FOLDERS.get(SPLIT_CSV.exec(name)?.[1]?.toLowerCase() ?? ''),
  }));
  const distinct = new Set(splits.map((s) => s.split));
  if (csv.length < 2 || splits.some((s) => s.split === undefined) || distinct.size < splits.length)
    return undefined;
  return splits.map(({ name, split }) => ({ file: joinPath(path, name), ...(split ? { split } : {}) }));
}

/** The images root when the user names none: the CSV's folder, or its images/ when the first path is only there. */
async function imagesRootOf(file: string, first: string | undefined, io: FormatIO): Promise<string> {
  const dir = dirName(file);
  if (first === undefined || (await io.exists(joinPath(dir, first)))) return dir;
  const images = joinPath(dir, 'images');
  return (await io.exists(joinPath(images, first))) ? images : dir;
}

/**
 * Roboflow's TensorFlow CSV export leaves out the images without boxes, which sit beside its
 * `_annotations.csv` all the same: they are added as samples without boxes (how many is returned).
 */
async function roboflowUnlisted(
  file: string,
  imagesRoot: string,
  samples: Map<string, Sample>,
  io: FormatIO,
): Promise<number> {
  if (baseName(file) !== ROBOFLOW_BOX_CSV_FILE || imagesRoot !== dirName(file)) return 0;
  let added = 0;
  for (const name of await io.listFiles(imagesRoot)) {
    if (!isImagePath(name) || samples.has(name)) continue;
    samples.set(name, { key: name, kind: 'image' });
    added++;
  }
  return added;
}

/** The image size a normalised box needs: the row's, the project's, else the image file's. */
async function sizeOf(sample: Sample, input: ReadInput, imagesRoot: string): Promise<void> {
  if (sample.width !== undefined) return;
  const size =
    input.lookup.sampleSize(sample.key) ?? (await input.io.imageSize(joinPath(imagesRoot, sample.key)));
  if (size) Object.assign(sample, size);
}

function toAnnotation(
  row: BoxRow & { corners: [number, number, number, number] },
  units: BoxUnits,
  sample: Sample,
  source: string,
): Annotation | undefined {
  let [x1, y1, x2, y2] = row.corners;
  if (units === 'normalised') {
    const { width: W, height: H } = sample;
    if (W === undefined || H === undefined) return undefined;
    [x1, y1, x2, y2] = [x1 * W, y1 * H, x2 * W, y2 * H];
  }
  const a: Annotation = {
    sample: row.key,
    source,
    kind: 'bbox',
    label: row.label,
    bbox: [x1, y1, x2 - x1, y2 - y1],
  };
  if (row.score !== undefined) a.score = row.score;
  return a;
}

/**
 * Reads a box CSV (box-csv-columns.ts names the forms): one sample per image path (its width and
 * height from the row when given), one box annotation per row with a box; a row with empty box cells
 * is an image without boxes. Coordinates are pixels unless every value lies in [0, 1] (box-csv-rows.ts
 * boxUnits); normalised boxes take the image size from the row, the project or the image file. Paths are
 * relative to ReadInput.images, else to the CSV's folder (or its images/ when the first path is there).
 */
export async function readBoxCsv(input: ReadInput): Promise<ReadResult> {
  const files = await boxCsvFiles(input.path, input.io);
  if (files === undefined || files.length === 0)
    throw new AssayError(
      'NOT_FOUND',
      `No box CSV in ${input.path}, or several whose names give no split each.`,
      {
        hint: `Name the CSV file itself, put it in the folder as ${BOX_CSV_FILE}, or name one CSV per split (train.csv, val.csv, test.csv).`,
      },
    );
  const only = files.length === 1 ? files[0] : undefined;
  if (only && only.split === undefined) return readBoxCsvFile(only.file, input);
  const reads = [];
  for (const file of files) reads.push({ file, read: await readBoxCsvFile(file.file, input) });
  return mergeSplitReads(reads, [`${counted(files.length, 'CSV file')}, one per split`]);
}

async function readBoxCsvFile(file: string, input: ReadInput): Promise<ReadResult> {
  const text = await input.io.readText(file);
  assertText(text, file, 'CSV file');
  const rows = parseCsv(text, file);
  const cols = boxCsvColumns(rows[0]?.cells ?? []);
  if (!cols)
    throw new AssayError(
      'INVALID_INPUT',
      `${file} is not a box CSV: its header names no image column and box corners.`,
      {
        hint: 'A box CSV has a header such as filename,width,height,class,xmin,ymin,xmax,ymax (one row per box).',
        details: { file, header: rows[0]?.cells ?? [] },
      },
    );
  const data = cols.header ? rows.slice(1) : rows;
  const imagesRoot = input.images ?? (await imagesRootOf(file, data[0]?.cells[cols.path]?.trim(), input.io));
  const problems = new ProblemList();
  const foreign: ForeignPaths = { count: 0, examples: [] };
  const read: BoxRow[] = [];
  for (const row of data) {
    const r = readBoxRow(row, cols, { file, imagesRoot, problems, foreign });
    if (r) read.push(r);
  }
  const units = boxUnits(read, file);
  const samples = new Map<string, Sample>();
  const classes = new Map<string, ClassDef>();
  for (const r of read) {
    let sample = samples.get(r.key);
    if (!sample) {
      sample = { key: r.key, kind: 'image' };
      samples.set(r.key, sample);
    }
    if (sample.width === undefined && r.width !== undefined)
      Object.assign(sample, { width: r.width, height: r.height });
    if (sample.split === undefined && r.split) sample.split = r.split;
  }
  const unlisted = await roboflowUnlisted(file, imagesRoot, samples, input.io);
  const annotations: Annotation[] = [];
  let unsized = 0;
  for (const r of read) {
    if (!r.corners) continue;
    const sample = samples.get(r.key) as Sample;
    if (units === 'normalised') await sizeOf(sample, input, imagesRoot);
    const a = toAnnotation({ ...r, corners: r.corners }, units, sample, input.source);
    if (!a) {
      unsized++;
      problems.skip(
        file,
        `line ${r.line}`,
        `the box is normalised and the size of ${r.key} is unknown (no width/height columns, no image file)`,
      );
      continue;
    }
    if (!classes.has(r.label)) classes.set(r.label, { name: r.label });
    annotations.push(a);
  }
  if (foreign.count > 0)
    problems.warn(
      file,
      undefined,
      `${counted(foreign.count, 'image path')} ${foreign.count === 1 ? 'is' : 'are'} absolute outside the images folder or a URL (e.g. ${foreign.examples.join(', ')}); read as file names, looked for in ${imagesRoot}`,
      'Pass --images with the folder holding the images; `assay scan` reports any not found there.',
    );
  const notes = [
    `${counted(data.length, 'row')}, ${counted(samples.size, 'image')}, ${counted(classes.size, 'class', 'classes')}; columns ${cols.header ? (rows[0]?.cells ?? []).join(',') : `(no header: path,${cols.boxNames.join(',')},class)`}`,
    units === 'normalised'
      ? 'coordinates read as fractions of the image size (every value lies in [0, 1])'
      : 'coordinates read as pixels',
  ];
  if (unlisted > 0)
    notes.push(
      `${counted(unlisted, 'image')} beside ${ROBOFLOW_BOX_CSV_FILE} without a row: read as images without boxes`,
    );
  if (unsized > 0) notes.push(`${counted(unsized, 'normalised box')} skipped: image size unknown`);
  if (annotations.some((a) => a.score !== undefined) && !input.sourceGiven)
    notes.push('the rows carry scores: import with --as prediction:<model> to read them as predictions');
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes,
  };
}
