import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { AssayError } from '../errors.js';
import { counted } from '../formats/counted.js';
import type { Dataset } from '../formats/dataset.js';
import type { ImageExport, WriteResult } from '../formats/define-format.js';
import { formatById, formats } from '../formats/index.js';
import { commonFolder } from '../formats/merge-split-reads.js';
import { joinPath, toPosix } from '../formats/paths.js';
import type { Annotation } from '../model/annotation.js';
import type { Sample } from '../model/sample.js';
import { getSnapshot, snapshotRows, snapshotSamples } from './edits/snapshots.js';
import { type ExportKeys, projectBatches } from './export-batches.js';
import { refuseForeignKinds } from './export-kinds.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { guardOutput, projectProtectedPaths } from './output-guard.js';
import type { Project } from './project.js';
import { type RedactKind, redactingIO, redactionRegions } from './redact-copies.js';
import { listAnnotations } from './store/annotation-rows.js';
import { storeDb } from './store/duckdb-store.js';
import { loadRecording } from './store/recording-rows.js';
import { listSamples } from './store/sample-rows.js';

export interface ExportDatasetOptions {
  format: string;
  outDir: string;
  /** Label sources to export (default: ground_truth). */
  sources?: string[];
  images?: ImageExport;
  /** Blur these kinds of regions (`faces`) in the image copies, as `assay privacy --images` found them. */
  redact?: RedactKind[];
  /** One annotation file for every split (COCO's `--single-file`); refused by formats without it. */
  singleFile?: boolean;
  /** VOC devkit-flat layout (`--voc-flat`: JPEGImages/<id>.jpg, non-JPEG converted); refused by other formats. */
  vocFlat?: boolean;
  /** Write into a folder that already has files. */
  force?: boolean;
  /** Export the labels as they were at this snapshot (default: the current ones). */
  snapshot?: string;
  /** Only the samples with this tag (and their annotations). */
  tag?: string;
  signal?: AbortSignal;
  /** Rows per batch read from the store for formats that write while reading (none since issue 11's per-split COCO). */
  batchRows?: number;
}

export interface ExportSummary extends WriteResult {
  format: string;
  outDir: string;
  samples: number;
  /** Annotations written (WriteResult.annotations). */
  annotations: number;
  /** Annotations of the chosen sources handed to the writer; `given - annotations` were not written. */
  given: number;
  /** With `redact`: image copies blurred and regions blurred in them. */
  redacted?: { images: number; regions: number };
}

export async function exportDataset(project: Project, options: ExportDatasetOptions): Promise<ExportSummary> {
  const format = formatById(options.format);
  if (!format?.write) {
    const writable = formats.filter((f) => f.write).map((f) => f.id);
    throw new AssayError('USAGE', `Cannot export to "${options.format}".`, {
      hint: `Formats that write: ${writable.join(', ')}.`,
    });
  }
  const { store } = project;
  const protect = await projectProtectedPaths(project);
  const outDir = guardOutput(options.outDir, { kind: 'folder', label: 'the export', protect });
  const existed = existsSync(outDir);
  if (existed && readdirSync(outDir).length > 0 && !options.force) {
    throw new AssayError('CONFLICT', `The output folder ${outDir} is not empty.`, {
      hint: 'Choose a new folder, or pass --force to write into it (files of the same name are replaced).',
    });
  }
  if (options.singleFile && !format.writeOptions?.includes('single-file')) {
    throw new AssayError(
      'USAGE',
      `--single-file does not apply to ${format.id}: it writes one file already.`,
      {
        hint: 'Leave out --single-file (it is for COCO, which writes one file per split by default).',
      },
    );
  }
  if (options.vocFlat && !format.writeOptions?.includes('voc-flat'))
    throw new AssayError('USAGE', `--voc-flat does not apply to ${format.id}: it is a Pascal VOC layout.`, {
      hint: 'Leave out --voc-flat, or export with `--format voc`.',
    });
  const sources = options.sources ?? ['ground_truth'];
  const known = (await store.listSources()).map((s) => s.name);
  const unknown = sources.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new AssayError(
      'USAGE',
      `The project has no label source ${unknown.map((s) => `"${s}"`).join(', ')}.`,
      {
        hint: `Sources in this project: ${known.join(', ') || 'none (import annotations first)'}.`,
      },
    );
  }
  const snap = options.snapshot === undefined ? undefined : await getSnapshot(project, options.snapshot);
  if (snap === undefined) await refuseForeignKinds(storeDb(store), format, sources);
  // Formats that write while reading get the project in batches (never whole in memory); a snapshot's
  // rows, and a tagged selection, are read whole.
  const batched = format.writesBatches === true && snap === undefined && options.tag === undefined;
  const all = snap
    ? await listSamples(storeDb(store), {}, snapshotSamples(snap))
    : batched
      ? []
      : await store.listSamples();
  const stored = options.tag === undefined ? all : all.filter((s) => s.tags?.includes(options.tag!));
  if (options.tag !== undefined && stored.length === 0)
    throw new AssayError('USAGE', `No sample has the tag "${options.tag}".`, {
      hint: 'Tag samples with `assay select --tag NAME` (or `assay sample --tag`), then export them.',
    });
  const roots = [
    ...new Set(
      (batched ? await store.sampleRoots() : stored.map((s) => s.root)).map((r) => project.resolveRoot(r)),
    ),
  ];
  const imagesRoot = roots.length === 1 ? toPosix(roots[0]!) : commonFolder(roots);
  const keys: ExportKeys = {
    key(root, key) {
      const prefix = roots.length === 1 ? '' : toPosix(relative(imagesRoot, project.resolveRoot(root)));
      return prefix ? joinPath(prefix, key) : key;
    },
    sample(s) {
      const width = s.width ?? s.probe.width;
      const height = s.height ?? s.probe.height;
      return {
        ...s,
        key: keys.key(s.root, s.key),
        ...(width ? { width } : {}),
        ...(height ? { height } : {}),
      };
    },
  };
  const keyOf = new Map<number, string>();
  const samples: Sample[] = stored.map((s) => {
    const sample = keys.sample(s);
    keyOf.set(s.id, sample.key);
    return sample;
  });
  const listed = snap
    ? await listAnnotations(storeDb(store), sources, snapshotRows(snap), snapshotSamples(snap))
    : batched
      ? []
      : await store.listAnnotations(sources);
  const annotations: Annotation[] = listed
    .filter((a) => keyOf.has(a.sampleId))
    .map((a) => ({
      ...a,
      sample: keyOf.get(a.sampleId)!,
    }));
  const classes = await store.listClasses();
  const dataset: Dataset = { classes, samples, annotations };
  const recording = await loadRecording(storeDb(store));
  if (recording.frames.length > 0 || recording.sensors.length > 0) {
    // Frames refer to samples by key: the keys as this export writes them.
    dataset.frames = recording.frames.map(({ id: _, ...f }) => ({
      ...f,
      members: f.members.map(({ sampleId, ...m }) => ({ ...m, sample: keyOf.get(sampleId) ?? m.sample })),
    }));
    dataset.sensors = recording.sensors;
    dataset.sequences = recording.sequences;
  }
  const batches = batched
    ? projectBatches(
        store,
        sources,
        keys,
        await store.keypointsPerObject(sources),
        options.batchRows,
        await store.orientedBoxes(sources),
      )
    : undefined;
  const plainIO = createNodeFormatIO({ protect, mediaRoots: roots });
  const redacted = { images: 0, regions: 0 };
  if (options.redact?.length && options.images === 'none')
    throw new AssayError('USAGE', '--redact blurs the copied images; it cannot go with --no-images.');
  const io = options.redact?.length
    ? redactingIO(plainIO, await redactionRegions(project, options.redact), redacted)
    : plainIO;
  let written: WriteResult;
  try {
    written = await format.write({
      dataset,
      ...(batches ? { batches } : {}),
      imagesRoot,
      outDir: toPosix(outDir),
      io,
      images: options.images ?? 'copy',
      ...(options.singleFile ? { singleFile: true } : {}),
      ...(options.vocFlat ? { flat: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    // A folder this export created holds only what it wrote: nothing half-written is left behind.
    // (Into an existing folder, --force, files already replaced stay; temp files are always removed.)
    if (!existed) await rm(outDir, { recursive: true, force: true });
    if (options.signal?.aborted) {
      throw new AssayError('INTERRUPTED', `The export to ${outDir} was interrupted.`, {
        hint: existed
          ? 'Files written before the interruption are in the folder; run the export again to complete it.'
          : 'Nothing was kept: run the export again.',
        cause: error,
      });
    }
    throw error;
  }
  const held = batched ? await heldKinds(store, sources) : kindsOf(annotations);
  const summary = {
    ...written,
    format: format.id,
    outDir,
    samples: batched ? (await store.summary()).samples : samples.length,
    given: held.total,
    ...(options.redact?.length ? { redacted } : {}),
  };
  if (written.annotations === 0) throw nothingWritten(summary, held, sources);
  return summary;
}

/** Annotations given to the export, by kind. */
interface Held {
  total: number;
  kinds: Map<string, number>;
}

function kindsOf(annotations: Annotation[]): Held {
  const kinds = new Map<string, number>();
  for (const a of annotations) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  return { total: annotations.length, kinds };
}

/** The sources' annotations by kind, counted by the database (first seen first, as kindsOf). */
async function heldKinds(store: Project['store'], sources: string[]): Promise<Held> {
  const rows = await storeDb(store).all<{ kind: string; n: number }>(
    `SELECT a.kind::VARCHAR AS kind, count(*) AS n, min(a.id) AS first FROM annotations a JOIN sources s ON s.id = a.source_id
      WHERE s.name IN (${sources.map(() => '?').join(', ')}) GROUP BY 1 ORDER BY first`,
    sources,
  );
  const kinds = new Map(rows.map((r) => [r.kind, r.n]));
  return { total: rows.reduce((n, r) => n + r.n, 0), kinds };
}

/** Export wrote no annotation: a USAGE error naming what the sources hold and what the format took. */
function nothingWritten(summary: ExportSummary, given: Held, sources: string[]): AssayError {
  const annotations = { length: given.total };
  const held = [...given.kinds].map(([k, n]) => `${n} ${k}`).join(', ');
  const what =
    annotations.length === 0
      ? `${sources.join(', ')} ${sources.length === 1 ? 'has' : 'have'} no annotations`
      : `none of the ${annotations.length} annotations of ${sources.join(', ')} (${held}) could be written`;
  return new AssayError('USAGE', `Nothing exported as ${summary.format}: ${what}.`, {
    hint:
      `${(summary.notes.join('; ') || 'No annotation fits this format').replace(/\.$/, '')}. ` +
      `The ${counted(summary.files.length, 'file')} written to ${summary.outDir} ${summary.files.length === 1 ? 'holds' : 'hold'} no annotations; choose another format or --source.`,
    details: { files: summary.files.length, given: annotations.length, notes: summary.notes },
  });
}
