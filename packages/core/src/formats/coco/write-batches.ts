import { AssayError } from '../../errors.js';
import type { ClassDef } from '../../model/class-def.js';
import { annotationColumnBatches } from '../annotation-column-batch.js';
import { counted as inNumber } from '../counted.js';
import type {
  AnnotationColumnBatch,
  AnnotationSurvey,
  DatasetBatches,
  WriteInput,
  WriteResult,
} from '../define-format.js';
import { joinPath } from '../paths.js';
import { ascii, TextBytes } from '../text-bytes.js';
import { cocoIdTables } from './coco-ids.js';
import {
  type InstanceRowsContext,
  type InstanceRowsRun,
  instanceRowsBytes,
  instanceRowsJob,
  OBJECT_COUNTED,
  OBJECT_SKIPPED,
  OBJECT_WRITTEN,
} from './instance-rows.js';
import { COCO_INSTANCES_FILE } from './locate.js';
import { plainResultBytes } from './plain-box-bytes.js';
import type { CocoCategory, CocoId } from './schema.js';
import { toCocoAnnotation, toCocoResult } from './to-coco-annotation.js';
import { splitFileName } from './write.js';
import { cocoImage, unsizedNote } from './write-images.js';
import { isPrediction, resultsFileName } from './write-results.js';

/** Bytes written into a list before they are handed to the file (a copy each: the buffer is reused). */
const PIECE = 1 << 20;
const COMMA = 44;
const ID_OPEN = ascii('{"id":');

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

/** The image id placeholder whose JSON text is cut off the front of each image record (`{"id":0`). */
const ID_PLACEHOLDER_LENGTH = '{"id":0'.length;
const NO_ID = { imageIdByKey: { get: () => 0 } };

/**
 * The samples as the instances files need them, from one pass (issue 12: the samples were read twice, and
 * their strings cost more than the rest of the pass): the image id (as cocoIdTables gives them) and
 * instances file of each sample key (as writeCoco's filesOf: per split, or one file), for annotations
 * given as objects, and of each sample position, for plain boxes (AnnotationColumnBatch.sampleIndex); and
 * each sample's `images` record as UTF-8 bytes after its id (`,"file_name":...}`), written out by
 * imageRecords once the ids are known.
 */
async function sampleTable(input: WriteInput, batches: DatasetBatches, single: boolean) {
  const index = new Map<string, number>();
  const own = new IdColumn();
  /** Per sample position: the position of the first sample of its key. */
  const firstOf: number[] = [];
  /** Per first position of a key: the split of its last sample (as a map by key, set at each, would hold). */
  const splitAt: (string | undefined)[] = [];
  const splits = new Set<string>();
  const records = new TextBytes(1 << 20);
  /** Per sample position p: its record is records[recordAt[p], recordAt[p + 1]). */
  let recordAt = new Float64Array(1 << 16);
  let unsized = 0;
  for await (const batch of batches.labelSamples?.() ?? batches.samples()) {
    if (input.signal?.aborted)
      throw new AssayError('INTERRUPTED', `Writing ${input.outDir} was interrupted.`);
    for (const s of batch) {
      own.push(s.originalId);
      let n = index.get(s.key);
      if (n === undefined) {
        n = own.length;
        index.set(s.key, n);
      }
      const p = firstOf.length;
      firstOf.push(n - 1);
      splitAt[n - 1] = s.split;
      if (s.split) splits.add(s.split);
      const { image, sized } = await cocoImage(s, NO_ID, input);
      if (!sized) unsized++;
      if (p + 2 > recordAt.length) {
        const grown = new Float64Array(recordAt.length * 2);
        grown.set(recordAt);
        recordAt = grown;
      }
      records.text(JSON.stringify(image).slice(ID_PLACEHOLDER_LENGTH));
      recordAt[p + 1] = records.length;
    }
  }
  const kept = own.kept();
  const names: string[] = [];
  const fileOfFirst = new Int32Array(own.length);
  // Keys in first-seen order; the file of each from its split (no map per key beside `index`: issue 12).
  for (const n of index.values()) {
    const file = single || splits.size === 0 ? COCO_INSTANCES_FILE : splitFileName(splitAt[n - 1]);
    let f = names.indexOf(file);
    if (f < 0) f = names.push(file) - 1;
    fileOfFirst[n - 1] = f;
  }
  if (names.length === 0) names.push(COCO_INSTANCES_FILE);
  const imageIdAt = new Float64Array(firstOf.length);
  const fileAt = new Int32Array(firstOf.length);
  for (let p = 0; p < firstOf.length; p++) {
    const first = firstOf[p]!;
    imageIdAt[p] = kept ? own.at(first) : first + 1;
    fileAt[p] = fileOfFirst[first]!;
  }
  /** The image id of a sample key (undefined: no listed sample has it). */
  const images = {
    get: (key: string): CocoId | undefined => {
      const n = index.get(key);
      return n === undefined ? undefined : imageIdAt[n - 1];
    },
    has: (key: string): boolean => index.has(key),
  };
  /** The instances file of a sample key. */
  const fileOf = (key: string): string | undefined => {
    const n = index.get(key);
    return n === undefined ? undefined : names[fileOfFirst[n - 1]!];
  };
  /** The `images` records of one file's samples, comma-separated, as UTF-8 pieces of about PIECE bytes. */
  function* imageRecords(fileIndex: number): Generator<Uint8Array> {
    const all = records.bytes();
    const out = new TextBytes(PIECE + (PIECE >> 2));
    let first = true;
    for (let p = 0; p < firstOf.length; p++) {
      if (fileAt[p] !== fileIndex) continue;
      if (!first) out.byte(COMMA);
      first = false;
      out.raw(ID_OPEN);
      out.int(imageIdAt[p]!);
      out.raw(all.subarray(recordAt[p]!, recordAt[p + 1]!));
      if (out.length >= PIECE) {
        yield out.bytes().slice();
        out.clear();
      }
    }
    if (out.length > 0) yield out.bytes().slice();
  }
  return { images, fileOf, names, imageIdAt, fileAt, imageRecords, unsized };
}

/** The label of a row (undefined: none). */
function labelOf(b: AnnotationColumnBatch, i: number): string | undefined {
  const l = b.label[i]!;
  return l < 0 ? undefined : b.labelNames[l];
}

/**
 * What the instances file and the notes need to know of the annotations before writing them, by a pass over
 * them (for batches that cannot count them: DatasetBatches.annotationSurvey).
 */
async function surveyAnnotations(
  batches: DatasetBatches,
  images: { has(key: string): boolean },
): Promise<AnnotationSurvey> {
  const labels = new Set<string>();
  const sources = new Set<string>();
  const ids = new IdColumn();
  let truth = 0;
  let polylines = 0;
  // Labels, sources, kinds and ids only: no geometry is read for the survey (plain polygons as columns).
  for await (const b of annotationColumnBatches(batches, undefined, false, true)) {
    for (let i = 0; i < b.n; i++) {
      const a = b.objects[i];
      const label = a ? a.label : labelOf(b, i);
      if (label !== undefined) labels.add(label);
      const source = a ? a.source : b.sourceNames[b.source[i]!]!;
      sources.add(source);
      if (a ? isPrediction(a) : source.startsWith('prediction:')) continue;
      truth++;
      if (label === undefined || (a && b.sampleIndex[i]! < 0 && !images.has(a.sample))) continue;
      ids.push(a ? a.originalId : b.originalId[i]);
      if (a?.kind === 'polyline') polylines++;
    }
  }
  return { labels: [...labels], sources: [...sources], truth, polylines, keptIds: ids.kept() };
}

/**
 * The JSON of each row, comma-separated across batches, as UTF-8 pieces of about PIECE bytes: `item` writes
 * a row into `out` and says whether it did (false: it wrote nothing).
 */
async function* listItems(
  batches: AsyncIterable<AnnotationColumnBatch>,
  item: (out: TextBytes, b: AnnotationColumnBatch, i: number) => boolean,
): AsyncGenerator<Uint8Array> {
  const out = new TextBytes(PIECE + (PIECE >> 2));
  let first = true;
  for await (const b of batches) {
    for (let i = 0; i < b.n; i++) {
      const mark = out.length;
      if (!first) out.byte(COMMA);
      if (item(out, b, i)) first = false;
      else out.length = mark;
    }
    if (out.length >= PIECE) {
      yield out.bytes().slice();
      out.clear();
    }
  }
  if (out.length > 0) yield out.bytes().slice();
}

/** The JSON text of each category id as bytes, by label (a cache: labels repeat). */
function categoryTexts(categoryIdByName: Map<string, CocoId>) {
  const texts = new Map<string, Uint8Array | undefined>();
  return (label: string): Uint8Array | undefined => {
    let t = texts.get(label);
    if (t === undefined && !texts.has(label)) {
      const id = categoryIdByName.get(label);
      t = id === undefined ? undefined : new TextEncoder().encode(JSON.stringify(id));
      texts.set(label, t);
    }
    return t;
  };
}

/** Batches formatted or queued for the instances file before the next is read. */
const ROWS_IN_FLIGHT = 4;

/** Jobs formatted on this thread, as the threads of FormatIO.instanceRows would. */
function inlineRows(context: InstanceRowsContext): InstanceRowsRun {
  const out = new TextBytes(PIECE + (PIECE >> 2));
  return {
    format: async (job) => {
      out.clear();
      const written = instanceRowsBytes(out, job, context);
      return { bytes: out.bytes().slice(), written };
    },
    close: async () => undefined,
  };
}

/** `make` of the last argument seen, made again only when another array comes (batches share theirs). */
function cached<A, R>(make: (a: A) => R): (a: A) => R {
  let last: A | undefined;
  let value: R | undefined;
  return (a) => {
    if (a !== last || value === undefined) {
      last = a;
      value = make(a);
    }
    return value;
  };
}

/**
 * writeCoco (write.ts) over DatasetBatches: the same files, byte for byte, and the same notes, written while
 * the samples and annotations are read in batches (a pass for the ids, one per file written: each split's
 * instances file, then each prediction source's results). Held whole: the image id and file of each sample
 * key and one number per instance annotation (its own id, if kept).
 */
export async function writeCocoBatches(input: WriteInput, batches: DatasetBatches): Promise<WriteResult> {
  const notes: string[] = [];
  // Counted by the reader when it can (DuckDB's aggregates on its threads, while this thread reads the
  // samples: no pass over every annotation), else by a pass.
  const counted = batches.annotationSurvey?.();
  counted?.catch(() => undefined); // awaited below: no unhandled rejection if the samples fail first
  const { images, fileOf, names, imageIdAt, fileAt, imageRecords, unsized } = await sampleTable(
    input,
    batches,
    input.singleFile === true,
  );
  const survey = counted ? await counted : await surveyAnnotations(batches, images);
  const known = new Set(input.dataset.classes.map((c) => c.name));
  const extra: ClassDef[] = survey.labels.filter((l) => !known.has(l)).map((name) => ({ name }));
  const truthSources = survey.sources.filter((s) => !s.startsWith('prediction:'));
  const predictionSources = survey.sources.filter((s) => s.startsWith('prediction:'));
  const classes = [...input.dataset.classes, ...extra];
  if (extra.length > 0)
    notes.push(
      `${inNumber(extra.length, 'label')} missing from the class map ${extra.length === 1 ? 'was' : 'were'} added as categories: ${extra[0]?.name}...`,
    );
  const categoryIdByName = cocoIdTables({ classes, samples: [], annotations: [] }).categoryIdByName;
  const categoryText = categoryTexts(categoryIdByName);
  if (truthSources.length > 1)
    notes.push(`annotations of ${truthSources.length} sources were merged: ${truthSources.join(', ')}.`);
  const { keptIds } = survey;
  const categories = classes.map((c) => toCocoCategory(c, categoryIdByName.get(c.name) as CocoId));
  let written = 0;
  /** Per source index: 1 for a prediction source (by the batch's sourceNames, the same array each batch). */
  const predictionFlags = cached((names: readonly string[]) =>
    Uint8Array.from(names, (n) => (n.startsWith('prediction:') ? 1 : 0)),
  );
  const categoryFlags = cached((names: readonly (string | undefined)[]) =>
    Array.from(names, (n) => (n === undefined ? undefined : categoryText(n))),
  );
  /**
   * The instance annotations of one file as UTF-8 pieces, comma-separated, a job per batch: rows given as
   * objects are decided and turned into JSON here, plain rows formatted by the run (on other threads when
   * the IO has them: FormatIO.instanceRows, issue 12), the pieces taken back in order. Ids are their own
   * (keptIds: every one an integer, checked by the survey) or count every writable annotation, in every
   * file's pass.
   */
  async function* instanceItems(file: string): AsyncGenerator<Uint8Array> {
    const fileIndex = names.indexOf(file);
    const context: InstanceRowsContext = { imageIdAt, fileAt, fileIndex, keptIds };
    const run = input.io.instanceRows?.(context, survey.truth) ?? inlineRows(context);
    const queue: Promise<{ bytes: Uint8Array; written: number }>[] = [];
    let counted = 0;
    let first = true;
    const take = async () => {
      const { bytes, written: n } = await queue.shift()!;
      written += n;
      if (!first || bytes.length === 0) return bytes;
      first = false;
      return bytes.subarray(1); // the list's first item has no comma before it
    };
    try {
      for await (const b of annotationColumnBatches(batches, undefined, true, true)) {
        if (input.signal?.aborted)
          throw new AssayError('INTERRUPTED', `Writing ${input.outDir} was interrupted.`);
        const prediction = predictionFlags(b.sourceNames);
        const objects = new Uint8Array(b.n);
        const texts: (string | undefined)[] = [];
        const before = counted;
        for (let i = 0; i < b.n; i++) {
          const a = b.objects[i];
          if (a === undefined) {
            const l = b.label[i]!;
            if (l >= 0 && b.labelNames[l] !== undefined && prediction[b.source[i]!] !== 1) counted++;
            continue;
          }
          objects[i] = OBJECT_SKIPPED;
          if (isPrediction(a) || a.label === undefined) continue;
          const sample = b.sampleIndex[i]!;
          const imageId = sample < 0 ? images.get(a.sample) : imageIdAt[sample];
          if (imageId === undefined) continue;
          const id = keptIds ? (a.originalId as number) : counted + 1;
          counted++;
          objects[i] = OBJECT_COUNTED;
          if (sample < 0 ? fileOf(a.sample) !== file : fileAt[sample] !== fileIndex) continue;
          objects[i] = OBJECT_WRITTEN;
          texts[i] = JSON.stringify(
            toCocoAnnotation(a, id, imageId, categoryIdByName.get(a.label) as CocoId),
          );
        }
        const job = instanceRowsJob(b, objects, texts, prediction, categoryFlags(b.labelNames), before);
        const result = run.format(job);
        result.catch(() => undefined); // awaited in order below
        queue.push(result);
        if (queue.length >= ROWS_IN_FLIGHT) yield await take();
      }
      while (queue.length > 0) yield await take();
    } finally {
      await run.close();
    }
  }
  async function* instancesFile(file: string): AsyncGenerator<string | Uint8Array> {
    yield '{"info":{"description":"Exported by Assay"},"licenses":[],"images":[';
    yield* imageRecords(names.indexOf(file));
    yield `],"categories":${JSON.stringify(categories)},"annotations":[`;
    yield* instanceItems(file);
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
    notes.push(
      `${inNumber(survey.truth - written, 'annotation')} without a label or a listed sample left out.`,
    );
  if (survey.polylines > 0)
    notes.push(
      `${inNumber(survey.polylines, 'polyline')} without a COCO form written as ${survey.polylines === 1 ? 'its box' : 'their boxes'}.`,
    );
  if (names.length > 1) notes.push(`one instances file per split: ${names.join(', ')}.`);
  let count = written;
  for (const source of predictionSources) {
    const path = joinPath(input.outDir, resultsFileName(source));
    let results = 0;
    let skipped = 0;
    const result = (out: TextBytes, b: AnnotationColumnBatch, i: number): boolean => {
      const a = b.objects[i];
      if (a === undefined) {
        const label = labelOf(b, i);
        const categoryId = label === undefined ? undefined : categoryText(label);
        if (categoryId === undefined) {
          skipped++;
          return false;
        }
        results++;
        plainResultBytes(out, b, i, imageIdAt[b.sampleIndex[i]!]!, categoryId);
        return true;
      }
      const sample = b.sampleIndex[i]!;
      const imageId = sample < 0 ? images.get(a.sample) : imageIdAt[sample];
      const categoryId = a.label === undefined ? undefined : categoryIdByName.get(a.label);
      if (a.kind === 'classification' || imageId === undefined || categoryId === undefined) {
        skipped++;
        return false;
      }
      results++;
      out.text(JSON.stringify(toCocoResult(a, imageId, categoryId)));
      return true;
    };
    async function* resultsFile(): AsyncGenerator<string | Uint8Array> {
      yield '[';
      yield* listItems(annotationColumnBatches(batches, [source]), result);
      yield ']\n';
    }
    await input.io.writeTextChunks(path, resultsFile());
    count += results;
    notes.push(`${source}: ${results} detections written to ${resultsFileName(source)}.`);
    if (skipped > 0)
      notes.push(`${source}: ${inNumber(skipped, 'annotation')} (classifications or unlabeled) left out.`);
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
    notes.push(`${inNumber(failures, 'image')} could not be copied (missing?), e.g. ${failed.join(', ')}.`);
  notes.push(`${inNumber(copied, 'image')} copied to images/.`);
  return notes;
}
