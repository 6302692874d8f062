// The write of an import read whole (formats without a sink, or a source that has annotations
// already): conflicts with existing annotations, classes, samples, recordings and annotations.

import { appendAll } from '../arrays/append-all.js';
import { AssayError } from '../errors.js';
import type { ReadResult } from '../formats/dataset.js';
import type { Detection, Format, ReadInput } from '../formats/define-format.js';
import type { Annotation } from '../model/annotation.js';
import { recordReplacedAnnotations } from './edits/replace-deletions.js';
import type { ImportDatasetOptions } from './import-dataset.js';
import type { Project } from './project.js';
import { saveLicences } from './project-licences.js';
import type { KnownSample } from './project-lookup.js';
import { reorderProbs } from './reorder-probs.js';
import { partitionSamples } from './sample-partition.js';
import { storeDb } from './store/duckdb-store.js';
import { saveRecording } from './store/recording-rows.js';

/** What importInTransaction needs besides the options. */
export interface Prepared {
  path: string;
  source: string;
  format: Format;
  detection: Detection | undefined;
  images: string | undefined;
  input: ReadInput;
  known: readonly KnownSample[];
  classCount: number;
  stream: boolean;
}

export interface Written {
  samples: { total: number; new: number };
  classes: number;
  written: number;
  counts: Map<string, Record<string, number>>;
  replaced: number;
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

/** Writes a dataset read whole (formats without a sink, sources with annotations already); the caller summarizes. */
export async function writeWhole(
  project: Project,
  options: ImportDatasetOptions,
  p: Prepared,
  runId: number,
  result: ReadResult,
): Promise<Written> {
  const { store } = project;
  if (options.split !== undefined) for (const s of result.samples) s.split = options.split;
  const counts = countBySource(result.annotations);
  const keys = result.samples.map((s) => s.key);
  const { storedRoot, existing, reused, fresh } = partitionSamples(project, result.imagesRoot, keys, p.known);
  const toReplace = await findConflicts(project, result.annotations, existing, options.replace === true);
  const classIds = await store.upsertClasses(result.classes);
  if (result.probsOrder !== undefined) {
    const projectOrder = (await store.listClasses()).map((c) => c.name);
    appendAll(result.problems, reorderProbs(result.annotations, result.probsOrder, projectOrder, p.path));
  }
  for (const a of result.annotations) {
    if (a.label !== undefined && !classIds.has(a.label)) {
      throw new AssayError(
        'INTERNAL',
        `The ${p.format.id} reader produced a label "${a.label}" missing from its class map.`,
      );
    }
  }
  const sourceIds = new Map<string, number>();
  let replaced = 0;
  for (const name of counts.keys()) {
    const s = await store.ensureSource(name);
    sourceIds.set(s.name, s.id);
    const ids = toReplace.get(name);
    if (ids) {
      await recordReplacedAnnotations(storeDb(store), s.id, ids, p.path);
      replaced += await store.deleteAnnotations(s.id, ids);
    }
  }
  const sampleIds = await store.upsertSamples(
    storedRoot,
    result.samples.filter((s) => !reused.has(s.key)),
  );
  for (const [key, id] of existing) sampleIds.set(key, id);
  if (result.sensors !== undefined || result.frames !== undefined || result.sequences !== undefined) {
    await saveRecording(storeDb(store), result, sampleIds);
  }
  const maps = { sampleIds, classIds, sourceIds };
  const written = await store.appendAnnotations(result.annotations, maps, runId);
  appendAll(result.problems, await saveLicences(store, result.licences, p.path));
  return {
    samples: { total: result.samples.length, new: fresh },
    classes: classIds.size,
    written,
    counts,
    replaced,
  };
}
