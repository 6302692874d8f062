import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { dirName, extName, joinPath } from '../paths.js';
import { ProblemList } from '../problems.js';
import { labelStudioCsvRows } from './label-studio-csv.js';
import { imageListOf, resultsByItem } from './label-studio-image-list.js';
import { ImageRefResolver, prefixRoot } from './label-studio-image-ref.js';
import { sourcePart } from './label-studio-key.js';
import { finishKeypoints, type LsPoint, type LsRegion } from './label-studio-keypoints.js';
import { PickRule } from './label-studio-pick.js';
import { addPoints, readPoint, sizeFor } from './label-studio-read-points.js';
import type { Group, State } from './label-studio-read-state.js';
import {
  isSpatial,
  type LsResult,
  PER_REGION_TYPES,
  perRegionValue,
  readLsResult,
} from './label-studio-result.js';
import { validTask } from './label-studio-schema.js';
import { imagesOf, type TaskImage } from './label-studio-task-images.js';
import { annotatorOf, type LsTask, parseJsonFile, tasksOf } from './label-studio-tasks.js';

/** The JSON files of an export: the file named, or the .json files of the folder named. */
export async function jsonFiles(path: string, input: ReadInput): Promise<string[]> {
  if (!(await input.io.isDirectory(path))) return [path];
  const files = (await input.io.listFiles(path))
    .filter((f) => extName(f) === '.json')
    .map((f) => joinPath(path, f));
  if (files.length > 0) return files;
  throw new AssayError('NOT_FOUND', `No Label Studio JSON export in ${path}.`, {
    hint: 'Point to the .json file exported from Label Studio ("JSON" or "JSON-MIN").',
  });
}

/** The parsed export: a JSON file, or Label Studio's CSV export as its JSON-MIN rows. */
async function exportRoot(input: ReadInput, file: string): Promise<unknown> {
  const text = await input.io.readText(file);
  if (extName(file) !== '.csv') return parseJsonFile(text, file);
  const rows = labelStudioCsvRows(text, file);
  if (rows) return rows;
  throw new AssayError(
    'INVALID_INPUT',
    `${file} is not a Label Studio CSV export (no image and annotator columns).`,
    {
      hint: 'Export the project from Label Studio as "JSON", "JSON-MIN" or "CSV".',
    },
  );
}

function addRegion(group: Group, r: LsResult, state: State, byId: Map<string, Annotation[]>): void {
  const where = `${group.record} result ${r.id ?? ''} (${r.type ?? 'no type'})`;
  const size = sizeFor(group, r, state, where);
  if (size === undefined) return;
  const read = readLsResult(r, size.W, size.H);
  if ('refused' in read) {
    state.problems.skip(group.file, where, read.refused);
    return;
  }
  if (read.labels.length > 1 && isSpatial(r))
    state.problems.warn(group.file, where, `several labels (${read.labels.join(', ')}); the first is kept`);
  read.annotations.forEach((g, i) => {
    const label = read.labels[i];
    if (label !== undefined && !state.classes.has(label)) state.classes.set(label, { name: label });
    const a: Annotation = { ...g, sample: group.sample.key, source: group.source };
    if (label !== undefined) a.label = label;
    const score = typeof r.score === 'number' ? r.score : group.score;
    if (score !== undefined && Number.isFinite(score)) a.score = score;
    if (r.id !== undefined) a.originalId = r.id;
    state.annotations.push(a);
    if (r.id !== undefined) {
      const same = byId.get(r.id);
      if (same) same.push(a);
      else byId.set(r.id, [a]);
    }
  });
}

/**
 * Reads one annotation's or prediction's result list; per-region results become attributes of their
 * region, keypoints are grouped by object (addPoints), relations only group keypoints.
 */
function readGroup(group: Group, state: State): void {
  const byId = new Map<string, Annotation[]>();
  const spatialIds = new Set(group.results.filter(isSpatial).map((r) => r.id));
  const perRegion: LsResult[] = [];
  const points: LsPoint[] = [];
  const relations: LsResult[] = [];
  for (const r of group.results) {
    if (PER_REGION_TYPES.has(r.type ?? '') && r.id !== undefined && spatialIds.has(r.id)) perRegion.push(r);
    else if (r.type === 'relation') relations.push(r);
    else if ((r.type ?? '').startsWith('keypoint')) {
      const p = readPoint(group, r, state);
      if (p) points.push(p);
    } else if (r.type === 'choices' || isSpatial(r)) addRegion(group, r, state, byId);
    else
      state.problems.warn(
        group.file,
        `${group.record} result ${r.id ?? ''}`,
        `"${r.type}" results are not read`,
      );
  }
  const regions: LsRegion[] = [];
  for (const [id, list] of byId) {
    const only = list.length === 1 ? list[0] : undefined;
    if (only && only.kind !== 'classification') regions.push({ id, annotation: only });
  }
  if (points.length > 0) addPoints(group, points, regions, relations, state);
  for (const r of perRegion) {
    const value = perRegionValue(r);
    for (const a of byId.get(r.id ?? '') ?? []) {
      if (value !== undefined) a.attributes = { ...a.attributes, [r.from_name ?? r.type ?? 'value']: value };
    }
  }
}

async function fillSize(sample: Sample, state: State): Promise<void> {
  if (sample.width !== undefined) return;
  const size =
    state.input.lookup.sampleSize(sample.key) ??
    (await state.input.io.imageSize(joinPath(state.imagesRoot, sample.key)));
  if (size) Object.assign(sample, size);
}

/**
 * Reads one annotation's or prediction's results onto the task's images: all onto its one image, or
 * each onto the image of the list it names (a result naming none is skipped with a problem).
 */
function readOnImages(
  group: Omit<Group, 'sample'>,
  images: readonly TaskImage[],
  count: number,
  state: State,
): void {
  const only = images.length === 1 && images[0]?.item === undefined ? images[0] : undefined;
  if (only) {
    readGroup({ ...group, sample: only.sample }, state);
    return;
  }
  const { byItem, unplaced } = resultsByItem(group.results, count);
  for (const r of unplaced)
    state.problems.skip(
      group.file,
      `${group.record} result ${r.id ?? ''}`,
      `the task holds ${count} images and the result names none of them (to_name "${r.to_name ?? ''}", no item_index)`,
    );
  for (const { sample, item } of images) {
    const results = byItem[item ?? 0] ?? [];
    if (results.length > 0)
      readGroup({ ...group, record: `${group.record} image ${item}`, sample, results }, state);
  }
}

async function readTask(file: string, task: LsTask, index: number, state: State): Promise<void> {
  const images = await imagesOf(file, task, index, state);
  if (images.length === 0) return;
  const record = `task ${String(task.id ?? `#${index + 1}`)}`;
  const count = images[0]?.item === undefined ? 1 : (imageListOf(task)?.refs.length ?? 1);
  const all = [...(task.annotations ?? []), ...(task.predictions ?? [])].flatMap((a) => a.result ?? []);
  const { byItem } = resultsByItem(all, count);
  for (const { sample, item } of images) {
    const on = item === undefined ? all : (byItem[item] ?? []);
    if (on.some(isSpatial)) await fillSize(sample, state);
  }
  const kept = [];
  for (const a of task.annotations ?? []) {
    if (a.was_cancelled)
      state.problems.warn(
        file,
        `${record} annotation ${String(a.id)}`,
        'the annotation was cancelled (skipped) in Label Studio; not imported',
      );
    else kept.push(a);
  }
  for (const { annotation: a, source } of state.pick.pick(kept)) {
    const group = {
      file,
      record: `${record} annotation ${String(a.id ?? '')}`,
      source,
      results: a.result ?? [],
    };
    readOnImages(group, images, count, state);
  }
  for (const p of task.predictions ?? []) {
    const model = typeof p.model_version === 'string' && p.model_version ? p.model_version : 'label-studio';
    const group: Omit<Group, 'sample'> = {
      file,
      record: `${record} prediction ${String(p.id ?? '')}`,
      source: `prediction:${sourcePart(model)}`,
      results: p.result ?? [],
    };
    if (typeof p.score === 'number') group.score = p.score;
    readOnImages(group, images, count, state);
  }
}

/**
 * Reads a Label Studio JSON (or JSON-MIN) export. Images root: ReadInput.images, else the folder
 * the --map-prefix targets share, else `<folder>/images` when it exists, else the JSON's folder.
 */
export async function readLabelStudio(input: ReadInput): Promise<ReadResult> {
  const files = await jsonFiles(input.path, input);
  const base = dirName(files[0] ?? input.path);
  const images = joinPath(base, 'images');
  const imagesRoot =
    input.images ??
    prefixRoot(input.mapPrefixes ?? []) ??
    ((await input.io.isDirectory(images)) ? images : base);
  const problems = new ProblemList();
  const parsed = await Promise.all(
    files.map(async (f) => ({
      file: f,
      tasks: tasksOf(await exportRoot(input, f), f).map((t, i) => validTask(t, f, i, problems)),
    })),
  );
  const annotations = parsed
    .flatMap((p) => p.tasks.flatMap((t) => t?.annotations ?? []))
    .filter((a) => !a.was_cancelled);
  const annotators = new Set(annotations.map(annotatorOf).filter((who) => who !== undefined));
  const marked = annotations.some((a) => a.ground_truth && annotatorOf(a) === undefined);
  const singleAnnotator = annotators.size <= 1 && !marked;
  const state: State = {
    input,
    imagesRoot,
    classes: new Map(),
    samples: new Map(),
    annotations: [],
    problems,
    pick: new PickRule(input.source, input.sourceGiven === true, input.pick, singleAnnotator),
    refs: new ImageRefResolver(imagesRoot, input.io, input.mapPrefixes),
    keypointSets: [],
    pointNames: new Map(),
  };
  for (const { file, tasks } of parsed)
    for (const [i, t] of tasks.entries()) if (t !== undefined) await readTask(file, t, i, state);
  finishKeypoints(state.keypointSets, state.pointNames, state.classes);
  const unresolved = state.refs.summary();
  if (unresolved)
    state.problems.warn(
      files[0] ?? input.path,
      undefined,
      unresolved,
      'Pass --images with the folder holding the images, or --map-prefix FROM=TO (e.g. s3://bucket/=/data/).',
    );
  const sources = [...new Set(state.annotations.map((a) => a.source))].sort();
  return {
    classes: [...state.classes.values()],
    samples: [...state.samples.values()],
    annotations: state.annotations,
    imagesRoot,
    problems: state.problems.items,
    notes: [
      `${counted(
        parsed.reduce((n, p) => n + p.tasks.length, 0),
        'task',
      )}; sources: ${sources.join(', ') || 'none'}`,
      ...state.pick.notes(annotators.size),
    ],
  };
}
