import { AssayError } from '../../errors.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { eachSampleRows, isPolygonRow, plainAnnotation, type RowRange } from '../annotation-column-batch.js';
import type { AnnotationColumnBatch, WriteInput, WriteResult } from '../define-format.js';
import type { ImageSize } from '../format-io.js';
import { NoteCounter } from '../note-counter.js';
import { joinPath } from '../paths.js';
import { TextBytes } from '../text-bytes.js';
import { UnwrittenAttributes } from '../unwritten-attributes.js';
import { yoloExportPaths } from './yolo-export-paths.js';
import { plainBoxLineBytes, plainPolygonLineBytes } from './yolo-line-bytes.js';
import { yoloLine } from './yolo-line-writer.js';

/**
 * YOLO class ids: each class's `originalIds.yolo` when every class has a distinct non-negative integer
 * one (so a round trip keeps them), else 0..N-1 in class-map order.
 */
export function yoloClassIds(classes: ClassDef[]): Map<string, number> {
  const kept = classes.map((c) => Number(c.originalIds?.yolo));
  const valid = kept.every((id) => Number.isInteger(id) && id >= 0) && new Set(kept).size === kept.length;
  return new Map(classes.map((c, i) => [c.name, valid ? (kept[i] as number) : i]));
}

const SAFE_SPLIT = /^[A-Za-z0-9_.-]+$/;

function splitOf(sample: Sample, notes: NoteCounter): string {
  const split = sample.split ?? 'train';
  if (SAFE_SPLIT.test(split) && split !== '.' && split !== '..') return split;
  notes.add(`split names that are not plain folder names written as train`);
  return 'train';
}

/** data.yaml as Ultralytics reads it: `path`, one folder per split, `names` as an {id: name} mapping. */
export function dataYaml(
  outDir: string,
  splits: string[],
  ids: Map<string, number>,
  kptCount: number,
): string {
  const order = ['train', 'val', 'test'];
  const sorted = [...splits].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const names = [...ids].sort((a, b) => a[1] - b[1]).map(([name, id]) => `  ${id}: ${JSON.stringify(name)}`);
  return [
    '# YOLO dataset written by Assay: images/<split>/<file>, labels/<split>/<file stem>.txt.',
    '# `path` is this folder. After moving the folder, fix it or delete the line: without `path`',
    "# Ultralytics resolves the splits from this file's folder (a relative `path` is taken from its datasets_dir).",
    `path: ${JSON.stringify(outDir)}`,
    ...sorted.map((s) => `${s}: images/${s}`),
    // An empty class map is `names: {}`: a bare `names:` is null, which no reader accepts.
    names.length > 0 ? 'names:' : 'names: {}',
    ...names,
    ...(kptCount > 0 ? [`kpt_shape: [${kptCount}, 3]`] : []),
    '',
  ].join('\n');
}

function keypointCount(input: WriteInput): number {
  const { dataset } = input;
  // A loop, not Math.max(...spread): spreading millions of annotations overflows the call stack.
  let max = input.batches?.keypointsPerObject ?? 0;
  for (const c of dataset.classes) max = Math.max(max, c.keypoints?.length ?? 0);
  for (const a of dataset.annotations)
    if (a.kind === 'keypoints') max = Math.max(max, Math.ceil((a.keypoints?.length ?? 0) / 3));
  return max;
}

async function sampleSize(input: WriteInput, sample: Sample): Promise<ImageSize | undefined> {
  if (sample.width && sample.height) return { width: sample.width, height: sample.height };
  return input.io.imageSize(joinPath(input.imagesRoot, sample.key));
}

interface LineContext {
  ids: Map<string, number>;
  size: ImageSize;
  kptCount: number;
  notes: NoteCounter;
  obb: boolean;
}

/**
 * The label lines of a sample's annotation rows, each with its newline, written into `out`: plain boxes and
 * polygons from their columns, the rest as objects. Returns how many lines.
 */
function labelLines(out: TextBytes, sample: Sample, rows: RowRange[], c: LineContext): number {
  let lines = 0;
  for (const { batch, from, to } of rows) {
    for (let i = from; i < to; i++) {
      const object = batch.objects[i];
      const label = object ? object.label : labelOfRow(batch, i);
      const classId = label === undefined ? undefined : c.ids.get(label);
      if (classId === undefined) {
        c.notes.add(`annotations without a class in the class map skipped`);
        continue;
      }
      if (!object && !c.obb && isPolygonRow(batch, i)) {
        const changed = plainPolygonLineBytes(out, batch, i, classId, c.size);
        lines++;
        if (changed) c.notes.add(changed);
        continue;
      }
      if (!object && !c.obb) {
        lines++;
        if (plainBoxLineBytes(out, batch, i, classId, c.size))
          c.notes.add('boxes reaching outside the image clipped to it');
        continue;
      }
      const a = object ?? plainAnnotation(batch, i, sample.key);
      const result = yoloLine(a, { classId, size: c.size, kptCount: c.kptCount, obb: c.obb });
      if ('skipped' in result) c.notes.add(`${result.skipped}: skipped`);
      else {
        out.text(result.line);
        out.byte(10);
        lines++;
        if (result.changed) c.notes.add(result.changed);
      }
    }
  }
  return lines;
}

/** The label of a column row (undefined: none). */
function labelOfRow(b: AnnotationColumnBatch, i: number): string | undefined {
  const l = b.label[i]!;
  return l < 0 ? undefined : b.labelNames[l];
}

/** Counts, over every annotation of a mapped class, the attributes a YOLO line cannot hold. */
function countAttributes(rows: RowRange[], ids: Map<string, number>, attributes: UnwrittenAttributes): void {
  for (const { batch, from, to } of rows)
    for (let i = from; i < to; i++) {
      const a = batch.objects[i];
      if (a?.attributes && a.label !== undefined && ids.has(a.label)) attributes.add(a);
    }
}

/** Attributes a YOLO export holds: `oriented` is what makes its lines OBB lines. */
const OBB_ATTRIBUTES: ReadonlySet<string> = new Set(['oriented']);

/** Writes the Ultralytics layout: data.yaml, images/<split>/<key>, labels/<split>/<key stem>.txt. */
export async function writeYolo(input: WriteInput): Promise<WriteResult> {
  const { dataset, outDir, io } = input;
  const notes = new NoteCounter();
  const ids = yoloClassIds(dataset.classes);
  const kptCount = keypointCount(input);
  // Oriented boxes (YOLO OBB or DOTA sources) make the whole export YOLO OBB.
  const obb =
    kptCount === 0 &&
    (input.batches?.orientedBoxes === true ||
      dataset.annotations.some((a) => a.attributes?.oriented === true));
  const attributes = new UnwrittenAttributes(OBB_ATTRIBUTES);
  const files: string[] = [];
  const splits = new Set<string>();
  const written = new Set<string>();
  let lineCount = 0;
  const prefixes = new Map<string, string>();
  // Label files are many and small: staged and moved into place together when the IO can (format-io.ts).
  const staged = io.stagedFiles?.(joinPath(outDir, 'labels'));
  const decoder = new TextDecoder();
  const writeLabel = staged
    ? (path: string, bytes: Uint8Array) => staged.write(path, bytes)
    : (path: string, bytes: Uint8Array) => io.writeText(path, decoder.decode(bytes));
  /** A label file's bytes, reused from file to file (each is written before the next is made). */
  const out = new TextBytes();
  try {
    lineCount = await writeSamples();
    await staged?.commit();
  } catch (error) {
    await staged?.discard();
    throw error;
  }
  async function writeSamples(): Promise<number> {
    let lines = 0;
    // Plain polygons from their columns, except in OBB lines (their own corners rule: yoloLine).
    for await (const { sample, rows, count } of eachSampleRows(input, !obb)) {
      if (input.signal?.aborted) throw new AssayError('INTERRUPTED', `Writing ${outDir} was interrupted.`);
      if (input.batches) countAttributes(rows, ids, attributes);
      const split = splitOf(sample, notes);
      const paths = yoloExportPaths(outDir, sample.key, split, written, prefixes);
      if (!paths) {
        notes.add(
          'samples skipped: another image of the same name (other extension) already uses its label file',
        );
        continue;
      }
      const labelPath = paths.label;
      written.add(labelPath);
      splits.add(split);
      if ((input.images ?? 'copy') === 'copy') {
        const source = joinPath(input.imagesRoot, sample.key);
        if (await io.exists(source)) {
          await io.copyFile(source, paths.image);
          files.push(paths.image);
        } else
          notes.addExample(
            `images not found under ${input.imagesRoot}, not copied (YOLO labels are relative to the image size: to read them back, put the images in images/<split>/ or import into a project that has them)`,
            sample.key,
          );
      }
      const size = count > 0 ? await sampleSize(input, sample) : undefined;
      if (count > 0 && !size)
        notes.addExample('samples without a known image size: their annotations skipped', sample.key);
      out.clear();
      if (size) lines += labelLines(out, sample, rows, { ids, size, kptCount, notes, obb });
      await writeLabel(labelPath, out.bytes());
      files.push(labelPath);
    }
    return lines;
  }
  const yamlPath = joinPath(outDir, 'data.yaml');
  await io.writeText(yamlPath, dataYaml(outDir, [...splits], ids, kptCount));
  files.push(yamlPath);
  const all = notes.list();
  // The whole dataset's annotations of a mapped class (annotations of unlisted samples too).
  if (!input.batches)
    for (const a of dataset.annotations) if (a.label !== undefined && ids.has(a.label)) attributes.add(a);
  const attributesNote = attributes.note('a YOLO label line');
  if (attributesNote) all.push(attributesNote);
  const named = dataset.classes.find((c) => (c.keypoints?.length ?? 0) > 0)?.keypoints;
  if (kptCount > 0 && named)
    all.push(
      `keypoint names not written: data.yaml's kpt_shape holds only their count; each line keeps the order ${named.slice(0, 3).join(', ')}${named.length > 3 ? `, … (${named.length} in all)` : ''}`,
    );
  if (obb)
    all.push('oriented boxes: every line written as YOLO OBB (class x1 y1 ... x4 y4); train with task=obb');
  if (!splits.has('val')) all.push('no val split: Ultralytics needs `val:` in data.yaml to train');
  const idList = [...ids.values()].sort((a, b) => a - b);
  if (idList.some((id, i) => id !== i))
    all.push(`class ids kept as ${idList.join(', ')}; Ultralytics training expects 0..N-1`);
  return { files, notes: all, annotations: lineCount };
}
