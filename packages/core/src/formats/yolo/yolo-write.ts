import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import type { ImageSize } from '../format-io.js';
import { NoteCounter } from '../note-counter.js';
import { joinPath, stripExt } from '../paths.js';
import { eachSampleAnnotations } from '../sample-annotations.js';
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

function dataYaml(splits: string[], ids: Map<string, number>, kptCount: number): string {
  const order = ['train', 'val', 'test'];
  const sorted = [...splits].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const names = [...ids].sort((a, b) => a[1] - b[1]).map(([name, id]) => `  ${id}: ${JSON.stringify(name)}`);
  return [
    '# YOLO dataset written by Assay. No `path:` key: Ultralytics then resolves the splits from this folder.',
    ...sorted.map((s) => `${s}: images/${s}`),
    'names:',
    ...names,
    ...(kptCount > 0 ? [`kpt_shape: [${kptCount}, 3]`] : []),
    '',
  ].join('\n');
}

function keypointCount(input: WriteInput): number {
  const { dataset } = input;
  // A loop, not a spread into Math.max: that overflows the call stack past ~125k annotations (issue 12).
  let most = input.batches?.keypointsPerObject ?? 0;
  for (const c of dataset.classes) most = Math.max(most, c.keypoints?.length ?? 0);
  for (const a of dataset.annotations)
    if (a.kind === 'keypoints') most = Math.max(most, Math.ceil((a.keypoints?.length ?? 0) / 3));
  return most;
}

async function sampleSize(input: WriteInput, sample: Sample): Promise<ImageSize | undefined> {
  if (sample.width && sample.height) return { width: sample.width, height: sample.height };
  return input.io.imageSize(joinPath(input.imagesRoot, sample.key));
}

function labelLines(
  anns: Annotation[],
  ids: Map<string, number>,
  size: ImageSize,
  kptCount: number,
  notes: NoteCounter,
) {
  const lines: string[] = [];
  for (const a of anns) {
    const classId = a.label === undefined ? undefined : ids.get(a.label);
    if (classId === undefined) {
      notes.add(`annotations without a class in the class map skipped`);
      continue;
    }
    const result = yoloLine(a, { classId, size, kptCount });
    if ('skipped' in result) notes.add(`${result.skipped}: skipped`);
    else {
      lines.push(result.line);
      if (result.changed) notes.add(result.changed);
    }
  }
  return lines;
}

/**
 * Writes the Ultralytics layout: data.yaml, images/<split>/<key>, labels/<split>/<key stem>.txt; one sample
 * at a time, from `input.batches` when an export gives them (writesBatches).
 */
export async function writeYolo(input: WriteInput): Promise<WriteResult> {
  const { dataset, outDir, io } = input;
  const notes = new NoteCounter();
  const ids = yoloClassIds(dataset.classes);
  const kptCount = keypointCount(input);
  const files: string[] = [];
  const splits = new Set<string>();
  const written = new Set<string>();
  for await (const { sample, annotations: anns } of eachSampleAnnotations(input)) {
    if (input.signal?.aborted) throw new AssayError('INTERRUPTED', `Writing ${outDir} was interrupted.`);
    const split = splitOf(sample, notes);
    const labelPath = joinPath(outDir, 'labels', split, `${stripExt(sample.key)}.txt`);
    if (written.has(labelPath)) {
      notes.add(
        `samples skipped: another image of the same name (other extension) already uses ${labelPath}`,
      );
      continue;
    }
    written.add(labelPath);
    splits.add(split);
    const source = joinPath(input.imagesRoot, sample.key);
    if ((input.images ?? 'copy') === 'copy') {
      if (await io.exists(source)) {
        const target = joinPath(outDir, 'images', split, sample.key);
        await io.copyFile(source, target);
        files.push(target);
      } else notes.add(`images not found under ${input.imagesRoot}, not copied (e.g. ${sample.key})`);
    }
    const size = anns.length > 0 ? await sampleSize(input, sample) : undefined;
    if (anns.length > 0 && !size)
      notes.add(`samples without a known image size: their annotations skipped (e.g. ${sample.key})`);
    const lines = size ? labelLines(anns, ids, size, kptCount, notes) : [];
    await io.writeText(labelPath, lines.map((l) => `${l}\n`).join(''));
    files.push(labelPath);
  }
  const yamlPath = joinPath(outDir, 'data.yaml');
  await io.writeText(yamlPath, dataYaml([...splits], ids, kptCount));
  files.push(yamlPath);
  const all = notes.list();
  if (!splits.has('val')) all.push('no val split: Ultralytics needs `val:` in data.yaml to train');
  const idList = [...ids.values()].sort((a, b) => a - b);
  if (idList.some((id, i) => id !== i))
    all.push(`class ids kept as ${idList.join(', ')}; Ultralytics training expects 0..N-1`);
  return { files, notes: all };
}
