import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { DatasetBatches, WriteInput, WriteResult } from '../define-format.js';
import { joinPath } from '../paths.js';
import { cocoIdTables } from './coco-ids.js';
import { COCO_INSTANCES_FILE } from './locate.js';
import type { CocoCategory, CocoId } from './schema.js';
import { toCocoAnnotation, toCocoResult } from './to-coco-annotation.js';
import { splitFileName } from './write.js';
import { cocoImage, unsizedNote } from './write-images.js';
import { isPrediction, resultsFileName } from './write-results.js';

/** Integer ids collected in a growable column; `kept` when all are safe integers and none repeats. */
class IdColumn {
  private values = new Float64Array(1024);
  length = 0;
  push(id: unknown): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = typeof id === 'number' && Number.isSafeInteger(id) ? id : Number.NaN;
  }
  at(i: number): number {
    return this.values[i]!;
  }
  /** As keepOrNumber (coco-ids.ts) decides: every id an integer, no two the same. */
  kept(): boolean {
    const sorted = this.values.slice(0, this.length).sort();
    for (let i = 0; i < sorted.length; i++) {
      if (Number.isNaN(sorted[i]!) || (i > 0 && sorted[i] === sorted[i - 1])) return false;
    }
    return true;
  }
}

function toCocoCategory(c: ClassDef, id: number | string): CocoCategory {
  const out: CocoCategory = { id, name: c.name };
  if (c.supercategory !== undefined) out.supercategory = c.supercategory;
  if (c.keypoints) out.keypoints = c.keypoints;
  if (c.skeleton) out.skeleton = c.skeleton;
  return out;
}

/** Image ids as cocoIdTables gives them, from one pass over the samples (a key → id map, an id column). */
async function imageIds(batches: DatasetBatches): Promise<Map<string, CocoId>> {
  const index = new Map<string, number>();
  const own = new IdColumn();
  for await (const batch of batches.samples()) {
    for (const s of batch) {
      own.push(s.originalId);
      if (!index.has(s.key)) index.set(s.key, own.length);
    }
  }
  const kept = own.kept();
  const ids = new Map<string, CocoId>();
  for (const [key, n] of index) ids.set(key, kept ? own.at(n - 1) : n);
  return ids;
}

/** What the instances file and the notes need to know of the annotations before writing them. */
async function surveyAnnotations(batches: DatasetBatches, known: Set<string>, images: Map<string, CocoId>) {
  const extra: ClassDef[] = [];
  const truthSources = new Set<string>();
  const predictionSources = new Set<string>();
  const ids = new IdColumn();
  let truth = 0;
  let polylines = 0;
  for await (const batch of batches.annotations()) {
    for (const a of batch) {
      if (a.label !== undefined && !known.has(a.label)) {
        known.add(a.label);
        extra.push({ name: a.label });
      }
      if (isPrediction(a)) {
        predictionSources.add(a.source);
        continue;
      }
      truth++;
      truthSources.add(a.source);
      if (a.label === undefined || !images.has(a.sample)) continue;
      ids.push(a.originalId);
      if (a.kind === 'polyline') polylines++;
    }
  }
  return { extra, truthSources, predictionSources, ids, truth, polylines };
}

/** JSON list items of each batch, comma-separated across batches. */
async function* listItems<T>(batches: AsyncIterable<T[]>, item: (x: T) => unknown | undefined) {
  let first = true;
  for await (const batch of batches) {
    const parts: string[] = [];
    for (const x of batch) {
      const value = item(x);
      if (value !== undefined) parts.push(JSON.stringify(value));
    }
    if (parts.length === 0) continue;
    yield `${first ? '' : ','}${parts.join(',')}`;
    first = false;
  }
}

/** The instances file of each sample key (as writeCoco's filesOf): per split, or one file. */
async function sampleFiles(
  batches: DatasetBatches,
  single: boolean,
): Promise<{ fileOf: Map<string, string>; names: string[] }> {
  const splitOf = new Map<string, string | undefined>();
  const splits = new Set<string>();
  for await (const batch of batches.samples()) {
    for (const s of batch) {
      splitOf.set(s.key, s.split);
      if (s.split) splits.add(s.split);
    }
  }
  const fileOf = new Map<string, string>();
  const names = new Set<string>();
  for (const [key, split] of splitOf) {
    const file = single || splits.size === 0 ? COCO_INSTANCES_FILE : splitFileName(split);
    fileOf.set(key, file);
    names.add(file);
  }
  if (names.size === 0) names.add(COCO_INSTANCES_FILE);
  return { fileOf, names: [...names] };
}

/**
 * writeCoco (write.ts) over DatasetBatches: the same files, byte for byte, and the same notes, written while
 * the samples and annotations are read in batches (a pass for the ids, one per file written: each split's
 * instances file, then each prediction source's results). Held whole: the image id and file of each sample
 * key and one number per instance annotation (its own id, if kept).
 */
export async function writeCocoBatches(input: WriteInput, batches: DatasetBatches): Promise<WriteResult> {
  const notes: string[] = [];
  const images = await imageIds(batches);
  const { fileOf, names } = await sampleFiles(batches, input.singleFile === true);
  const survey = await surveyAnnotations(batches, new Set(input.dataset.classes.map((c) => c.name)), images);
  const classes = [...input.dataset.classes, ...survey.extra];
  if (survey.extra.length > 0)
    notes.push(
      `${survey.extra.length} labels missing from the class map were added as categories: ${survey.extra[0]?.name}...`,
    );
  const categoryIdByName = cocoIdTables({ classes, samples: [], annotations: [] }).categoryIdByName;
  if (survey.truthSources.size > 1)
    notes.push(
      `annotations of ${survey.truthSources.size} sources were merged: ${[...survey.truthSources].join(', ')}.`,
    );
  const keptIds = survey.ids.kept();
  const categories = classes.map((c) => toCocoCategory(c, categoryIdByName.get(c.name) as CocoId));
  let unsized = 0;
  let written = 0;
  /** The instance annotations of one file; ids count every writable annotation, in every file's pass. */
  const instanceOf = (file: string) => {
    let index = 0;
    return (a: Annotation) => {
      if (isPrediction(a) || a.label === undefined) return undefined;
      const imageId = images.get(a.sample);
      if (imageId === undefined) return undefined;
      const id = keptIds ? survey.ids.at(index) : index + 1;
      index++;
      if (fileOf.get(a.sample) !== file) return undefined;
      written++;
      return toCocoAnnotation(a, id, imageId, categoryIdByName.get(a.label) as CocoId);
    };
  };
  async function* instancesFile(file: string): AsyncGenerator<string> {
    yield '{"info":{"description":"Exported by Assay"},"licenses":[],"images":[';
    let first = true;
    for await (const batch of batches.samples()) {
      if (input.signal?.aborted)
        throw new AssayError('INTERRUPTED', `Writing ${input.outDir} was interrupted.`);
      const parts: string[] = [];
      for (const s of batch) {
        if (fileOf.get(s.key) !== file) continue;
        const { image, sized } = await cocoImage(s, { imageIdByKey: images }, input);
        if (!sized) unsized++;
        parts.push(JSON.stringify(image));
      }
      if (parts.length === 0) continue;
      yield `${first ? '' : ','}${parts.join(',')}`;
      first = false;
    }
    yield `],"categories":${JSON.stringify(categories)},"annotations":[`;
    yield* listItems(batches.annotations(), instanceOf(file));
    yield ']}\n';
  }
  const files: string[] = [];
  for (const name of names) {
    const path = joinPath(input.outDir, name);
    await input.io.writeTextChunks(path, instancesFile(name));
    files.push(path);
  }
  if (unsized > 0) notes.push(unsizedNote(unsized));
  if (written < survey.truth)
    notes.push(`${survey.truth - written} annotations without a label or a listed sample were left out.`);
  if (survey.polylines > 0)
    notes.push(`${survey.polylines} polylines have no COCO form and were written as their boxes.`);
  if (names.length > 1) notes.push(`one instances file per split: ${names.join(', ')}.`);
  let count = written;
  for (const source of survey.predictionSources) {
    const path = joinPath(input.outDir, resultsFileName(source));
    let results = 0;
    let skipped = 0;
    const result = (a: Annotation) => {
      const imageId = images.get(a.sample);
      const categoryId = a.label === undefined ? undefined : categoryIdByName.get(a.label);
      if (a.kind === 'classification' || imageId === undefined || categoryId === undefined) {
        skipped++;
        return undefined;
      }
      results++;
      return toCocoResult(a, imageId, categoryId);
    };
    async function* resultsFile(): AsyncGenerator<string> {
      yield '[';
      yield* listItems(batches.annotations([source]), result);
      yield ']\n';
    }
    await input.io.writeTextChunks(path, resultsFile());
    count += results;
    notes.push(`${source}: ${results} detections written to ${resultsFileName(source)}.`);
    if (skipped > 0) notes.push(`${source}: ${skipped} annotations (classifications or unlabeled) left out.`);
    files.push(path);
  }
  if ((input.images ?? 'copy') === 'copy') notes.push(...(await copyImages(input, batches)));
  return { files, notes, annotations: count };
}

/** Copies each sample's image to `<outDir>/images/<key>` (as copyImages in write-images.ts). */
async function copyImages(input: WriteInput, batches: DatasetBatches): Promise<string[]> {
  let copied = 0;
  let failures = 0;
  const failed: string[] = [];
  for await (const batch of batches.samples()) {
    for (const sample of batch) {
      input.signal?.throwIfAborted();
      try {
        await input.io.copyFile(
          joinPath(input.imagesRoot, sample.key),
          joinPath(input.outDir, 'images', sample.key),
        );
        copied++;
      } catch (error) {
        if (error instanceof AssayError) throw error;
        failures++;
        if (failed.length < 3) failed.push(sample.key);
      }
    }
  }
  const notes: string[] = [];
  if (failures > 0)
    notes.push(`${failures} images could not be copied (missing?), e.g. ${failed.join(', ')}.`);
  notes.push(`${copied} images copied to images/.`);
  return notes;
}
