import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AssayError } from '../errors.js';
import type { Detection, Format } from '../formats/define-format.js';
import { detectFormat } from '../formats/detect-format.js';
import { formatById, formats } from '../formats/index.js';
import type { Problem } from '../formats/problems.js';
import type { Annotation } from '../model/annotation.js';
import { parseLabelSource } from '../model/label-source.js';
import type { StoredSample } from '../store/project-store.js';
import { createNodeFormatIO } from './fs-format-io.js';
import type { Project } from './project.js';
import { buildProjectLookup } from './project-lookup.js';
import { reorderProbs } from './reorder-probs.js';

export interface ImportDatasetOptions {
  /** A format id, or `auto` to detect it. */
  format: string;
  /** The annotation file or dataset folder. */
  path: string;
  /** Images folder (formats document their default). */
  images?: string;
  /** Label source for what the file does not attribute itself (default `ground_truth`). */
  source?: string;
  /** Assign every sample of this import to a split. */
  split?: string;
  /** Replace the annotations a source already has instead of refusing. */
  replace?: boolean;
  signal?: AbortSignal;
}

export interface ImportSummary {
  format: string;
  detection?: Detection;
  runId: number;
  samples: { total: number; new: number };
  classes: { total: number; new: number };
  annotations: { total: number; by_source: Record<string, Record<string, number>> };
  replaced: number;
  skipped: number;
  problems: Problem[];
  notes: string[];
}

async function chooseFormat(
  options: ImportDatasetOptions,
  path: string,
): Promise<{ format: Format; detection?: Detection }> {
  const io = createNodeFormatIO();
  if (options.format === 'auto') return detectFormat(formats, path, io);
  const format = formatById(options.format);
  if (!format) {
    throw new AssayError('USAGE', `Unknown format "${options.format}".`, {
      hint: `Use one of: auto, ${formats.map((f) => f.id).join(', ')}.`,
    });
  }
  return { format };
}

/**
 * Maps each read sample to a project sample id. A key already known under the same images root is the
 * same sample. A key known under another root whose file is not under the new root (a results file
 * that names images by id) is that sample too. Anything else is new.
 */
function partitionSamples(project: Project, root: string, keys: string[], known: StoredSample[]) {
  const storedRoot = project.storedRoot(root);
  const sameRoot = new Map<string, number>();
  const elsewhere = new Map<string, number[]>();
  for (const s of known) {
    if (s.root === storedRoot) sameRoot.set(s.key, s.id);
    else elsewhere.set(s.key, [...(elsewhere.get(s.key) ?? []), s.id]);
  }
  const existing = new Map<string, number>();
  const reused = new Set<string>();
  for (const key of keys) {
    const same = sameRoot.get(key);
    const others = elsewhere.get(key);
    if (same !== undefined) existing.set(key, same);
    else if (others?.length === 1 && !existsSync(join(root, key))) {
      existing.set(key, others[0]!);
      reused.add(key);
    }
  }
  return { storedRoot, existing, reused, fresh: new Set(keys.filter((k) => !existing.has(k))).size };
}

/**
 * Samples of this import that already carry annotations of the same source: refused unless `replace`,
 * in which case those samples' annotations of that source are replaced (and no others).
 */
async function findConflicts(
  project: Project,
  annotations: Annotation[],
  existing: Map<string, number>,
  replace: boolean,
): Promise<Map<string, number[]>> {
  if (existing.size === 0) return new Map();
  const touched = new Map<string, Set<number>>();
  for (const a of annotations) {
    const id = existing.get(a.sample);
    if (id === undefined) continue;
    let set = touched.get(a.source);
    if (!set) touched.set(a.source, (set = new Set()));
    set.add(id);
  }
  const out = new Map<string, number[]>();
  const sources = await project.store.listSources();
  for (const [name, ids] of touched) {
    const source = sources.find((s) => s.name === name);
    if (!source) continue;
    const annotated = await project.store.annotatedSampleIds(source.id);
    const overlap = [...ids].filter((id) => annotated.has(id));
    if (overlap.length === 0) continue;
    if (!replace) {
      throw new AssayError(
        'CONFLICT',
        `${overlap.length} of these samples already have annotations from ${name}.`,
        {
          hint: `Import under another source (--as ${name.startsWith('prediction:') ? `${name}-2` : 'annotator:<name>'}) or pass --replace to replace them on these samples.`,
        },
      );
    }
    out.set(name, overlap);
  }
  return out;
}

/** Annotations per source and kind, sources in order of first appearance (one pass). */
function countBySource(annotations: Annotation[]): Map<string, Record<string, number>> {
  const counts = new Map<string, Record<string, number>>();
  let source: string | undefined;
  let entry: Record<string, number> = {};
  for (const a of annotations) {
    if (a.source !== source) {
      source = a.source;
      entry = counts.get(source) ?? {};
      counts.set(source, entry);
    }
    entry[a.kind] = (entry[a.kind] ?? 0) + 1;
  }
  return counts;
}

/** Reads a dataset with a format plugin and writes it into the project in one transaction. */
export async function importDataset(project: Project, options: ImportDatasetOptions): Promise<ImportSummary> {
  const path = resolve(options.path);
  if (!existsSync(path)) {
    throw new AssayError('NOT_FOUND', `${path} does not exist.`, {
      hint: 'Check the path to the annotation file or dataset folder.',
    });
  }
  const source = parseLabelSource(options.source ?? 'ground_truth').name;
  const { format, detection } = await chooseFormat(options, path);
  const { store } = project;
  const { lookup, samples: known } = await buildProjectLookup(store);
  const images = options.images === undefined ? undefined : resolve(options.images);
  if (images !== undefined && !existsSync(images)) {
    throw new AssayError('NOT_FOUND', `The images folder ${images} does not exist.`, {
      hint: 'Check the --images path.',
    });
  }
  const result = await format.read({
    path,
    ...(images === undefined ? {} : { images }),
    source,
    io: createNodeFormatIO(),
    lookup,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (options.split !== undefined) for (const s of result.samples) s.split = options.split;

  const counts = countBySource(result.annotations);
  const sourceNames = [...counts.keys()];
  const { storedRoot, existing, reused, fresh } = partitionSamples(
    project,
    result.imagesRoot,
    result.samples.map((s) => s.key),
    known,
  );
  const toReplace = await findConflicts(project, result.annotations, existing, options.replace === true);
  const classCount = (await store.listClasses()).length;
  let replaced = 0;
  return store.transaction(async () => {
    const runId = await store.startRun('import', {
      format: format.id,
      path,
      images: images ?? null,
      source,
      split: options.split ?? null,
    });
    const classIds = await store.upsertClasses(result.classes);
    if (result.probsOrder !== undefined) {
      const projectOrder = (await store.listClasses()).map((c) => c.name);
      result.problems.push(...reorderProbs(result.annotations, result.probsOrder, projectOrder, path));
    }
    for (const a of result.annotations) {
      if (a.label !== undefined && !classIds.has(a.label)) {
        throw new AssayError(
          'INTERNAL',
          `The ${format.id} reader produced a label "${a.label}" missing from its class map.`,
        );
      }
    }
    const sourceIds = new Map<string, number>();
    for (const name of sourceNames) {
      const s = await store.ensureSource(name);
      sourceIds.set(s.name, s.id);
      const ids = toReplace.get(name);
      if (ids) replaced += await store.deleteAnnotations(s.id, ids);
    }
    const sampleIds = await store.upsertSamples(
      storedRoot,
      result.samples.filter((s) => !reused.has(s.key)),
    );
    for (const [key, id] of existing) sampleIds.set(key, id);
    const written = await store.appendAnnotations(
      result.annotations,
      { sampleIds, classIds, sourceIds },
      runId,
    );
    await store.addProblems(runId, result.problems);
    const by_source = Object.fromEntries(counts);
    const summary: ImportSummary = {
      format: format.id,
      ...(detection ? { detection } : {}),
      runId,
      samples: { total: result.samples.length, new: fresh },
      classes: { total: classIds.size, new: classIds.size - classCount },
      annotations: { total: written, by_source },
      replaced,
      skipped: result.problems.filter((p) => p.severity === 'error').length,
      problems: result.problems,
      notes: result.notes ?? [],
    };
    const { problems: _problems, ...stored } = summary;
    await store.finishRun(
      runId,
      'ok',
      { ...stored, problems: result.problems.length },
      result.samples.length,
    );
    return summary;
  });
}
