import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { dirName, extName, joinPath } from '../paths.js';
import { ProblemList } from '../problems.js';
import { labelStudioCsvRows } from './label-studio-csv.js';
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
import { annotatorOf, imageRefOf, type LsTask, parseJsonFile, tasksOf } from './label-studio-tasks.js';

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

/** A list of image references in data (Label Studio's Repeater: `images: [{url: …}, …]`), if any. */
function imageListOf(task: LsTask): { field: string; count: number } | undefined {
  const isRef = (v: unknown) =>
    typeof v === 'string' &&
    (/\.(jpe?g|png|webp|bmp|gif|tiff?|avif)$/i.test(v) || /^[a-z0-9+.-]+:\/\/|^\/data\//i.test(v));
  for (const [field, value] of Object.entries(task.data ?? {})) {
    if (!Array.isArray(value) || value.length === 0) continue;
    const refs = value.filter(
      (item) => isRef(item) || (typeof item === 'object' && item !== null && Object.values(item).some(isRef)),
    );
    if (refs.length === value.length) return { field, count: value.length };
  }
  return undefined;
}

async function sampleOf(
  file: string,
  task: LsTask,
  index: number,
  state: State,
): Promise<Sample | undefined> {
  const record = `task ${String(task.id ?? `#${index + 1}`)}`;
  const ref = imageRefOf(task);
  const list = ref === undefined ? imageListOf(task) : undefined;
  const key =
    ref !== undefined
      ? await state.refs.resolve(ref)
      : list
        ? {
            refused: `the task holds a list of ${list.count} images (data.${list.field}: a Repeater over pages), and Assay reads one image per task`,
          }
        : { refused: 'the task has no image reference in data' };
  if ('refused' in key) {
    state.problems.skip(
      file,
      record,
      key.refused,
      list
        ? 'Make one task per image (data.image) in Label Studio, or export each page as its own task.'
        : 'Point data.image at a file relative to the images folder, or pass --map-prefix FROM=TO.',
    );
    return undefined;
  }
  const existing = state.samples.get(key.key);
  if (existing) {
    state.problems.warn(file, record, `image "${key.key}" is in several tasks; their labels are merged`);
    return existing;
  }
  const sample: Sample = { key: key.key, kind: 'image' };
  if (typeof task.id === 'number' || typeof task.id === 'string') sample.originalId = task.id;
  if (ref !== undefined && key.mapped) sample.metadata = { label_studio_image: ref };
  const results = [...(task.annotations ?? []), ...(task.predictions ?? [])].flatMap((a) => a.result ?? []);
  const sized = results.find((r) => Number(r.original_width) > 0 && Number(r.original_height) > 0);
  if (sized) Object.assign(sample, { width: sized.original_width, height: sized.original_height });
  state.samples.set(key.key, sample);
  return sample;
}

async function fillSize(sample: Sample, state: State): Promise<void> {
  if (sample.width !== undefined) return;
  const size =
    state.input.lookup.sampleSize(sample.key) ??
    (await state.input.io.imageSize(joinPath(state.imagesRoot, sample.key)));
  if (size) Object.assign(sample, size);
}

async function readTask(file: string, task: LsTask, index: number, state: State): Promise<void> {
  const sample = await sampleOf(file, task, index, state);
  if (sample === undefined) return;
  const record = `task ${String(task.id ?? `#${index + 1}`)}`;
  const all = [...(task.annotations ?? []), ...(task.predictions ?? [])].flatMap((a) => a.result ?? []);
  if (all.some(isSpatial)) await fillSize(sample, state);
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
    readGroup(
      { file, record: `${record} annotation ${String(a.id ?? '')}`, sample, source, results: a.result ?? [] },
      state,
    );
  }
  for (const p of task.predictions ?? []) {
    const model = typeof p.model_version === 'string' && p.model_version ? p.model_version : 'label-studio';
    const group: Group = {
      file,
      record: `${record} prediction ${String(p.id ?? '')}`,
      sample,
      source: `prediction:${sourcePart(model)}`,
      results: p.result ?? [],
    };
    if (typeof p.score === 'number') group.score = p.score;
    readGroup(group, state);
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
