import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { appendAll } from '../arrays/append-all.js';
import { AssayError } from '../errors.js';
import type { ReadResult } from '../formats/dataset.js';
import {
  type Detection,
  type Format,
  type PrefixMap,
  type ReadInput,
  type ReadOption,
  RestartWithoutSink,
} from '../formats/define-format.js';
import { detectFormat } from '../formats/detect-format.js';
import type { FormatIO } from '../formats/format-io.js';
import { formatById, formats } from '../formats/index.js';
import { toPosix } from '../formats/paths.js';
import type { Problem } from '../formats/problems.js';
import type { Annotation } from '../model/annotation.js';
import { parseLabelSource } from '../model/label-source.js';
import type { StoredSample } from '../store/project-store.js';
import { recordReplacedAnnotations } from './edits/replace-deletions.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { type StreamedHead, StreamedImport } from './import-stream.js';
import type { Project } from './project.js';
import { saveLicences } from './project-licences.js';
import { buildProjectLookup } from './project-lookup.js';
import { describeKind } from './real-path.js';
import { reorderProbs } from './reorder-probs.js';
import { partitionSamples } from './sample-partition.js';
import { storeDb } from './store/duckdb-store.js';
import { saveRecording } from './store/recording-rows.js';

export interface ImportDatasetOptions {
  /** A format id, or `auto` to detect it. */
  format: string;
  /** The annotation file or dataset folder. */
  path: string;
  /** Images folder (formats document their default). */
  images?: string;
  /** Label source for what the file does not attribute itself (default `ground_truth`). */
  source?: string;
  /** The user named `source` (`--as`), so formats that attribute annotations themselves use it. */
  sourceGiven?: boolean;
  /** Label Studio `--pick` (see ReadInput.pick). */
  pick?: string;
  /** `--map-prefix FROM=TO` values (see ReadInput.mapPrefixes). */
  mapPrefixes?: string[];
  /** Text formats: `--text-column`, `--label-column` (comma-separated or repeated), `--id-column`. */
  textColumn?: string;
  labelColumns?: string[];
  idColumn?: string;
  /** Text formats: `--key-prefix` (see ReadInput.keyPrefix). */
  keyPrefix?: string;
  /** Assign every sample of this import to a split. */
  split?: string;
  /** Replace the annotations a source already has instead of refusing. */
  replace?: boolean;
  /**
   * Write annotations while the file is still being read, when the format can hand them over
   * (default true; only when the project has no annotations of the source yet).
   */
  stream?: boolean;
  signal?: AbortSignal;
  /** Bytes read of a file the format streams (large JSON files), as they are read. */
  onProgress?: (progress: { bytes: number; total: number }) => void;
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

/** The read options the user gave, refused when the format does not use them (never ignored silently). */
type ReadOptionInput = Pick<ReadInput, 'pick' | 'mapPrefixes' | 'textFields' | 'keyPrefix'>;

function readOptions(format: Format, options: ImportDatasetOptions): ReadOptionInput {
  const used = format.readOptions ?? [];
  const refuse = (flag: ReadOption) => {
    const takers = formats.filter((f) => f.readOptions?.includes(flag)).map((f) => f.id);
    return new AssayError('USAGE', `--${flag} does not apply to ${format.id}.`, {
      hint: `Leave out --${flag}: only ${takers.join(', ')} import${takers.length === 1 ? 's' : ''} with it.`,
    });
  };
  const out: ReadOptionInput = {};
  const fields: NonNullable<ReadInput['textFields']> = {};
  const take = (flag: ReadOption, value: string | undefined, set: (v: string) => void) => {
    if (value === undefined) return;
    if (!used.includes(flag)) throw refuse(flag);
    set(value);
  };
  take('text-column', options.textColumn, (v) => {
    fields.text = v;
  });
  take('id-column', options.idColumn, (v) => {
    fields.id = v;
  });
  const labels = options.labelColumns?.flatMap((v) => v.split(',')).filter((v) => v !== '');
  take('label-column', labels?.length ? labels.join(',') : undefined, () => {
    fields.labels = labels;
  });
  take('key-prefix', options.keyPrefix, (v) => {
    out.keyPrefix = v;
  });
  if (Object.keys(fields).length > 0) out.textFields = fields;
  if (options.pick !== undefined) {
    if (!used.includes('pick')) throw refuse('pick');
    if (!/^(latest|first|each|annotator:.+)$/.test(options.pick))
      throw new AssayError('USAGE', `--pick "${options.pick}" is not a rule.`, {
        hint: 'Use latest, first, annotator:<name> or each.',
      });
    out.pick = options.pick;
  }
  if (options.mapPrefixes !== undefined && options.mapPrefixes.length > 0) {
    if (!used.includes('map-prefix')) throw refuse('map-prefix');
    out.mapPrefixes = options.mapPrefixes.map((text): PrefixMap => {
      const at = text.indexOf('=');
      if (at <= 0)
        throw new AssayError('USAGE', `--map-prefix "${text}" has no FROM=TO form.`, {
          hint: 'Write it as --map-prefix s3://bucket/images/=/data/images/ (the reference prefix, =, the local one).',
        });
      const to = text.slice(at + 1);
      // `./x` and `../x` are folders relative to the working folder; other relative `to`s are relative
      // to the images folder, and absolute ones stay as they are.
      const local = /^\.\.?[\\/]/.test(to) ? `${toPosix(resolve(to))}/` : to;
      return { from: text.slice(0, at), to: local };
    });
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

/**
 * `io` reporting the bytes of each file it streams from the start (not reads of a part, such as a
 * tail read ahead), as the reader takes them.
 */
function withProgress(io: FormatIO, report: NonNullable<ImportDatasetOptions['onProgress']>): FormatIO {
  return {
    ...io,
    readChunks(path, chunkSize, start) {
      const chunks = io.readChunks(path, chunkSize, start);
      if (start !== undefined && start > 0) return chunks;
      return (async function* () {
        const total = (await io.fileSize(path)) ?? 0;
        let bytes = 0;
        for await (const chunk of chunks) {
          bytes += chunk.length;
          report({ bytes, total });
          yield chunk;
        }
      })();
    },
  };
}

/** What importInTransaction needs besides the options. */
interface Prepared {
  path: string;
  source: string;
  format: Format;
  detection: Detection | undefined;
  images: string | undefined;
  input: ReadInput;
  known: StoredSample[];
  classCount: number;
  stream: boolean;
}

/**
 * Reads a dataset with a format plugin and writes it into the project in one transaction. When
 * `signal` is aborted (Ctrl-C) at any moment before the commit, nothing is kept and the error is
 * INTERRUPTED (exit 130), whatever the reader or the writer threw on the way out.
 */
export async function importDataset(project: Project, options: ImportDatasetOptions): Promise<ImportSummary> {
  try {
    if (options.signal?.aborted) throw interrupted(resolve(options.path));
    return await importOnce(project, options);
  } catch (error) {
    if (options.signal?.aborted) throw interrupted(resolve(options.path), error);
    throw error;
  }
}

async function importOnce(project: Project, options: ImportDatasetOptions): Promise<ImportSummary> {
  const path = resolve(options.path);
  if (!existsSync(path)) {
    throw new AssayError('NOT_FOUND', `${path} does not exist.`, {
      hint: 'Check the path to the annotation file or dataset folder.',
    });
  }
  const kind = statSync(path);
  if (!kind.isFile() && !kind.isDirectory()) {
    throw new AssayError('INVALID_INPUT', `${path} is ${describeKind(kind)}, not a file or a folder.`, {
      hint: 'Give the path of an annotation file or a dataset folder (Assay does not read devices, pipes or sockets).',
      details: { path },
    });
  }
  const source = parseLabelSource(options.source ?? 'ground_truth').name;
  const { format, detection } = await chooseFormat(options, path);
  const { store } = project;
  const { lookup, samples: known } = await buildProjectLookup(store, {
    sensors: format.tasks.includes('cuboid'),
  });
  const images = options.images === undefined ? undefined : resolve(options.images);
  if (images !== undefined && !existsSync(images)) {
    throw new AssayError('NOT_FOUND', `The images folder ${images} does not exist.`, {
      hint: 'Check the --images path.',
    });
  }
  const input: ReadInput = {
    // `import auto` may claim a folder through one of its files: that file is what is read.
    path: detection?.path ?? path,
    ...(images === undefined ? {} : { images }),
    source,
    ...(options.sourceGiven ? { sourceGiven: true } : {}),
    ...readOptions(format, options),
    io: options.onProgress ? withProgress(createNodeFormatIO(), options.onProgress) : createNodeFormatIO(),
    lookup,
  };
  const existing = (await store.listSources()).find((s) => s.name === source);
  const stream =
    options.stream !== false && (existing === undefined || (await store.countAnnotations(existing.id)) === 0);
  const classCount = (await store.listClasses()).length;
  const prepared = { path: input.path, source, format, detection, images, input, known, classCount, stream };
  // One transaction: an interrupted import (Ctrl-C) keeps nothing, whatever moment the signal came.
  const once = (p: Prepared) =>
    store.transaction(async () => {
      const summary = await importInTransaction(project, options, p);
      if (options.signal?.aborted) throw interrupted(path);
      return summary;
    });
  try {
    return await once(prepared);
  } catch (error) {
    if (!(error instanceof RestartWithoutSink)) throw error;
    return await once({ ...prepared, stream: false });
  }
}

function interrupted(path: string, cause?: unknown): AssayError {
  if (cause instanceof AssayError && cause.code === 'INTERRUPTED') return cause;
  return new AssayError('INTERRUPTED', `The import of ${path} was interrupted: nothing of it was kept.`, {
    hint: 'An import is one transaction: run it again to import the file.',
    ...(cause === undefined ? {} : { cause }),
  });
}

async function importInTransaction(
  project: Project,
  options: ImportDatasetOptions,
  p: Prepared,
): Promise<ImportSummary> {
  const { store } = project;
  const runId = await store.startRun('import', {
    format: p.format.id,
    path: p.path,
    images: p.images ?? null,
    source: p.source,
    split: options.split ?? null,
  });
  const writer = p.stream
    ? new StreamedImport({
        project,
        runId,
        path: p.path,
        formatId: p.format.id,
        known: p.known,
        ...(options.split === undefined ? {} : { split: options.split }),
        ...(options.signal ? { signal: options.signal } : {}),
      })
    : undefined;
  const signals = [options.signal, writer?.aborter.signal].filter((s) => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  let result: ReadResult;
  try {
    result = await p.format.read({
      ...p.input,
      ...(signal ? { signal } : {}),
      ...(writer ? { sink: writer } : {}),
    });
  } catch (error) {
    if (writer) {
      await writer.settle();
      if (writer.error !== undefined) throw writer.error;
    }
    throw error;
  }
  if (writer?.started) {
    let head: StreamedHead;
    try {
      head = await writer.finish(result.annotations);
    } catch (error) {
      await writer.settle();
      throw error;
    }
    appendAll(result.problems, writer.problems());
    appendAll(result.problems, await saveLicences(store, result.licences, p.path));
    const summary = summarize(p, runId, result, {
      samples: { total: head.samples, new: head.freshSamples },
      classes: head.classIds.size,
      written: writer.written,
      counts: writer.counts,
      replaced: 0,
    });
    await finish(project, runId, summary, head.samples);
    return summary;
  }
  return writeWhole(project, options, p, runId, result);
}

/** Writes a dataset read whole (formats without a sink, sources with annotations already). */
async function writeWhole(
  project: Project,
  options: ImportDatasetOptions,
  p: Prepared,
  runId: number,
  result: ReadResult,
): Promise<ImportSummary> {
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
  const summary = summarize(p, runId, result, {
    samples: { total: result.samples.length, new: fresh },
    classes: classIds.size,
    written,
    counts,
    replaced,
  });
  await finish(project, runId, summary, result.samples.length);
  return summary;
}

interface Written {
  samples: { total: number; new: number };
  classes: number;
  written: number;
  counts: Map<string, Record<string, number>>;
  replaced: number;
}

function summarize(p: Prepared, runId: number, result: ReadResult, w: Written): ImportSummary {
  return {
    format: p.format.id,
    ...(p.detection ? { detection: p.detection } : {}),
    runId,
    samples: w.samples,
    classes: { total: w.classes, new: w.classes - p.classCount },
    annotations: { total: w.written, by_source: Object.fromEntries(w.counts) },
    replaced: w.replaced,
    skipped: result.problems.filter((problem) => problem.severity === 'error').length,
    problems: result.problems,
    notes: result.notes ?? [],
  };
}

/** Stores the problems and closes the run with the summary (problems counted, not repeated). */
async function finish(
  project: Project,
  runId: number,
  summary: ImportSummary,
  samples: number,
): Promise<void> {
  const { store } = project;
  refuseNothingImported(summary);
  await store.addProblems(runId, summary.problems);
  const { problems, ...stored } = summary;
  await store.finishRun(runId, 'ok', { ...stored, problems: problems.length }, samples);
}

/**
 * An import that kept no annotation while it skipped records did nothing the user asked for: it is
 * refused (the transaction is rolled back, nothing is written), the first problems in the hint.
 */
function refuseNothingImported(summary: ImportSummary): void {
  if (summary.annotations.total > 0 || summary.skipped === 0) return;
  const errors = summary.problems.filter((p) => p.severity === 'error');
  const examples = errors
    .slice(0, 3)
    .map((p) => `${p.file}${p.record ? ` ${p.record}` : ''}: ${p.reason}`)
    .join('; ');
  throw new AssayError(
    'INVALID_INPUT',
    `Nothing imported: no annotation was kept and ${summary.skipped} record${summary.skipped === 1 ? ' was' : 's were'} skipped (nothing was written).`,
    {
      hint: `${examples}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}.`,
      details: { problems: summary.problems },
    },
  );
}
