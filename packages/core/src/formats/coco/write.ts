import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import { counted } from '../counted.js';
import type { Dataset } from '../dataset.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { joinPath } from '../paths.js';
import { annotationIds, type CocoIdTables, cocoIdTables } from './coco-ids.js';
import { COCO_DEFAULT_SPLIT, COCO_INSTANCES_FILE } from './locate.js';
import type { CocoAnnotation, CocoCategory, CocoInstancesFile } from './schema.js';
import { toCocoAnnotation } from './to-coco-annotation.js';
import { writeCocoBatches } from './write-batches.js';
import { cocoImages, copyImages } from './write-images.js';
import { isPrediction, resultsFileName, writeCocoResults } from './write-results.js';

/** The class map plus any label the annotations use that it lacks (noted). */
function withAllLabels(dataset: Dataset, notes: string[]): Dataset {
  const known = new Set(dataset.classes.map((c) => c.name));
  const extra: ClassDef[] = [];
  for (const a of dataset.annotations) {
    if (a.label === undefined || known.has(a.label)) continue;
    known.add(a.label);
    extra.push({ name: a.label });
  }
  if (extra.length === 0) return dataset;
  notes.push(
    `${counted(extra.length, 'label')} missing from the class map ${extra.length === 1 ? 'was' : 'were'} added as categories: ${extra[0]?.name}...`,
  );
  return { ...dataset, classes: [...dataset.classes, ...extra] };
}

function toCocoCategory(c: ClassDef, id: number | string): CocoCategory {
  const out: CocoCategory = { id, name: c.name };
  if (c.supercategory !== undefined) out.supercategory = c.supercategory;
  if (c.keypoints) out.keypoints = c.keypoints;
  if (c.skeleton) out.skeleton = c.skeleton;
  return out;
}

function instanceAnnotations(
  annotations: Annotation[],
  ids: CocoIdTables,
  notes: string[],
): CocoAnnotation[] {
  const writable = annotations.filter((a) => a.label !== undefined && ids.imageIdByKey.has(a.sample));
  if (writable.length < annotations.length) {
    notes.push(
      `${counted(annotations.length - writable.length, 'annotation')} without a label or a listed sample left out.`,
    );
  }
  const polylines = writable.filter((a) => a.kind === 'polyline').length;
  if (polylines > 0)
    notes.push(
      `${counted(polylines, 'polyline')} without a COCO form written as ${polylines === 1 ? 'its box' : 'their boxes'}.`,
    );
  const annotationId = annotationIds(writable);
  return writable.map((a, i) =>
    toCocoAnnotation(
      a,
      annotationId[i] as number,
      ids.imageIdByKey.get(a.sample) as number,
      ids.categoryIdByName.get(a.label as string) as number,
    ),
  );
}

/** File of each split: `annotations/instances_<split>.json`; samples without a split go to `default`. */
export function splitFileName(split: string | undefined): string {
  const name = (split ?? '').replace(/[^\w.@+-]/g, '_') || COCO_DEFAULT_SPLIT;
  return `annotations/instances_${name}.json`;
}

/** Samples grouped by the file they go to (one group, `annotations.json`, when `single`). */
function filesOf(dataset: Dataset, single: boolean): Map<string, Set<string>> {
  const splits = new Set(dataset.samples.map((s) => s.split).filter((s) => s));
  const out = new Map<string, Set<string>>();
  for (const s of dataset.samples) {
    const file = single || splits.size === 0 ? COCO_INSTANCES_FILE : splitFileName(s.split);
    const keys = out.get(file) ?? new Set<string>();
    keys.add(s.key);
    out.set(file, keys);
  }
  if (out.size === 0) out.set(COCO_INSTANCES_FILE, new Set());
  return out;
}

/**
 * Writes the ground-truth and annotator annotations in COCO instances format: one file per split,
 * `<outDir>/annotations/instances_<split>.json` (the official COCO and Datumaro layout; samples without
 * a split in `instances_default.json`), or `<outDir>/annotations.json` when no sample has a split or
 * `singleFile` is set. Ids (coco-ids.ts) are unique across the files. One results list
 * `<outDir>/results_<model>.json` per prediction source (`prediction:<model>`), with the same image and
 * category ids. Images are copied to `<outDir>/images/<key>` unless `images` is 'none'.
 */
export async function writeCoco(input: WriteInput): Promise<WriteResult> {
  // An export from a project passes the samples and annotations in batches: written while read.
  if (input.batches) return writeCocoBatches(input, input.batches);
  const notes: string[] = [];
  const dataset = withAllLabels(input.dataset, notes);
  const ids = cocoIdTables(dataset);
  const truth = dataset.annotations.filter((a) => !isPrediction(a));
  const sources = new Set(truth.map((a) => a.source));
  if (sources.size > 1)
    notes.push(`annotations of ${sources.size} sources were merged: ${[...sources].join(', ')}.`);
  const images = await cocoImages(dataset.samples, ids, input, notes);
  const categories = dataset.classes.map((c) =>
    toCocoCategory(c, ids.categoryIdByName.get(c.name) as number),
  );
  const annotations = instanceAnnotations(truth, ids, notes);
  const keyById = new Map([...ids.imageIdByKey].map(([key, id]) => [id, key]));
  const files: string[] = [];
  const groups = filesOf(dataset, input.singleFile === true);
  for (const [name, keys] of groups) {
    const file: CocoInstancesFile = {
      info: { description: 'Exported by Assay' },
      licenses: [],
      images: images.filter((im) => keys.has(im.file_name)),
      categories,
      annotations: annotations.filter((a) => keys.has(keyById.get(a.image_id) ?? '')),
    };
    const path = joinPath(input.outDir, name);
    await input.io.writeText(path, `${JSON.stringify(file)}\n`);
    files.push(path);
  }
  if (groups.size > 1) notes.push(`one instances file per split: ${[...groups.keys()].join(', ')}.`);
  let written = annotations.length;
  const predictionSources = new Set(dataset.annotations.filter(isPrediction).map((a) => a.source));
  for (const source of predictionSources) {
    const path = joinPath(input.outDir, resultsFileName(source));
    const { results, skipped } = await writeCocoResults({ dataset, source, path, io: input.io });
    written += results.length;
    notes.push(`${source}: ${results.length} detections written to ${resultsFileName(source)}.`);
    if (skipped > 0)
      notes.push(`${source}: ${counted(skipped, 'annotation')} (classifications or unlabeled) left out.`);
    files.push(path);
  }
  if ((input.images ?? 'copy') === 'copy') {
    const copied = await copyImages(dataset.samples, input, notes);
    notes.push(`${counted(copied, 'image')} copied to images/.`);
  }
  return { files, notes, annotations: written };
}
