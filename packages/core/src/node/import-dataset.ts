import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { appendAll } from '../arrays/append-all.js';
import { AssayError } from '../errors.js';
import type { ReadResult } from '../formats/dataset.js';
import {
  type Detection,
  type ReadInput,
  RestartWithoutSink,
  type SinkSizes,
} from '../formats/define-format.js';
import type { Problem } from '../formats/problems.js';
import { parseLabelSource } from '../model/label-source.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { chooseFormat, readOptions, withProgress } from './import-read-options.js';
import { type StreamedHead, StreamedImport } from './import-stream.js';
import { type Prepared, type Written, writeWhole } from './import-write-whole.js';
import type { Project } from './project.js';
import { saveLicences } from './project-licences.js';
import { buildProjectLookup } from './project-lookup.js';
import { describeKind } from './real-path.js';

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
  /**
   * Sizes of a streamed import: the file sizes and chunks (ReadInput.sinkSizes) and `rows`, the rows
   * gathered before an INSERT (default 16,384). Tests set them small to stream small files.
   */
  streamSizes?: SinkSizes & { rows?: number };
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
    ...(options.streamSizes ? { sinkSizes: options.streamSizes } : {}),
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
        ...(options.streamSizes?.rows === undefined ? {} : { minRows: options.streamSizes.rows }),
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
    await finish(project, runId, summary, head.samples, 0);
    return summary;
  }
  const whole = await writeWhole(project, options, p, runId, result);
  const summary = summarize(p, runId, result, whole);
  await finish(project, runId, summary, result.samples.length, contentSamples(result));
  return summary;
}

/**
 * Samples that are content themselves (a text, a point cloud read from its file), not a reference to
 * an image elsewhere: a folder of unlabelled PCD files, or of texts without labels, imports them.
 */
function contentSamples(result: ReadResult): number {
  return result.samples.filter((s) => s.kind === 'text' || s.kind === 'point_cloud').length;
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
  content: number,
): Promise<void> {
  const { store } = project;
  refuseNothingImported(summary, content);
  await store.addProblems(runId, summary.problems);
  const { problems, ...stored } = summary;
  await store.finishRun(runId, 'ok', { ...stored, problems: problems.length }, samples);
}

/**
 * An import that kept no annotation while it skipped records did nothing the user asked for: it is
 * refused (the transaction is rolled back, nothing is written), the first problems in the hint. So is
 * one that found neither a sample nor an annotation (a data.yaml whose split folders are missing, a
 * folder of empty files): "Imported 0 annotations on 0 samples" is no success, the warnings say why.
 * Samples that are content themselves (`content`: texts, point clouds) are something imported, labelled
 * or not.
 */
function refuseNothingImported(summary: ImportSummary, content: number): void {
  if (summary.annotations.total > 0 || content > 0) return;
  const empty = summary.samples.total === 0 && summary.replaced === 0;
  if (summary.skipped === 0 && !empty) return;
  const shown =
    summary.skipped > 0 ? summary.problems.filter((p) => p.severity === 'error') : summary.problems;
  const inline = summary.skipped === 0 && shown.length === 1;
  const examples = shown
    .slice(0, 3)
    .map(
      (p) =>
        `${p.file}${p.record ? ` ${p.record}` : ''}: ${p.reason.replace(/\.$/, '')}${p.hint && inline ? ` (${p.hint})` : ''}`,
    )
    .join('; ');
  // The first problem's hint, once (a LAZ file's conversion command, a category missing from the file).
  const firstHint = inline ? undefined : shown.find((p) => p.hint)?.hint;
  const more = `${shown.length > 3 ? `; and ${shown.length - 3} more` : ''}.${firstHint ? ` ${firstHint}` : ''}`;
  const message =
    summary.skipped > 0
      ? `Nothing imported: no annotation was kept and ${summary.skipped} record${summary.skipped === 1 ? ' was' : 's were'} skipped (nothing was written).`
      : 'Nothing imported: the read found no sample and no annotation (nothing was written).';
  throw new AssayError('INVALID_INPUT', message, {
    hint:
      shown.length > 0
        ? `${examples}${more}`
        : `Check that the path is the dataset itself; ${summary.notes.length > 0 ? `the read said: ${summary.notes.join('; ')}` : 'it holds nothing this format reads'}.`,
    details: { problems: summary.problems },
  });
}
