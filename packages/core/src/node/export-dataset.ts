import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { AssayError } from '../errors.js';
import type { Dataset } from '../formats/dataset.js';
import type { ImageExport, WriteResult } from '../formats/define-format.js';
import { formatById, formats } from '../formats/index.js';
import { joinPath, toPosix } from '../formats/paths.js';
import type { Annotation } from '../model/annotation.js';
import type { Sample } from '../model/sample.js';
import { getSnapshot, snapshotRows, snapshotSamples } from './edits/snapshots.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { PROJECT_DIR, type Project } from './project.js';
import { listAnnotations } from './store/annotation-rows.js';
import { storeDb } from './store/duckdb-store.js';
import { listSamples } from './store/sample-rows.js';

export interface ExportDatasetOptions {
  format: string;
  outDir: string;
  /** Label sources to export (default: ground_truth). */
  sources?: string[];
  images?: ImageExport;
  /** Write into a folder that already has files. */
  force?: boolean;
  /** Export the labels as they were at this snapshot (default: the current ones). */
  snapshot?: string;
  signal?: AbortSignal;
}

export interface ExportSummary extends WriteResult {
  format: string;
  outDir: string;
  samples: number;
  annotations: number;
}

/** The deepest folder holding every root (absolute, POSIX). */
function commonFolder(paths: string[]): string {
  const split = paths.map((p) => toPosix(p).split('/'));
  const first = split[0] ?? [];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join('/') || '/';
}

export async function exportDataset(project: Project, options: ExportDatasetOptions): Promise<ExportSummary> {
  const format = formatById(options.format);
  if (!format?.write) {
    const writable = formats.filter((f) => f.write).map((f) => f.id);
    throw new AssayError('USAGE', `Cannot export to "${options.format}".`, {
      hint: `Formats that write: ${writable.join(', ')}.`,
    });
  }
  const outDir = resolve(options.outDir);
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !options.force) {
    throw new AssayError('CONFLICT', `The output folder ${outDir} is not empty.`, {
      hint: 'Choose a new folder, or pass --force to write into it (files of the same name are replaced).',
    });
  }
  const { store } = project;
  const sources = options.sources ?? ['ground_truth'];
  const snap = options.snapshot === undefined ? undefined : await getSnapshot(project, options.snapshot);
  const stored = snap
    ? await listSamples(storeDb(store), {}, snapshotSamples(snap))
    : await store.listSamples();
  const roots = [...new Set(stored.map((s) => project.resolveRoot(s.root)))];
  const readOnlyRoots = [...roots, join(project.dir, PROJECT_DIR)];
  for (const root of roots) {
    const rel = relative(root, outDir);
    if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep))) {
      throw new AssayError(
        'PATH_ESCAPE',
        `The output folder ${outDir} is inside the images folder ${root}.`,
        {
          hint: 'Export to a folder outside your source data: Assay never writes into it.',
        },
      );
    }
  }
  const imagesRoot = roots.length === 1 ? toPosix(roots[0]!) : commonFolder(roots);
  const keyOf = new Map<number, string>();
  const samples: Sample[] = stored.map((s) => {
    const prefix = roots.length === 1 ? '' : toPosix(relative(imagesRoot, project.resolveRoot(s.root)));
    const key = prefix ? joinPath(prefix, s.key) : s.key;
    keyOf.set(s.id, key);
    const width = s.width ?? s.probe.width;
    const height = s.height ?? s.probe.height;
    return { ...s, key, ...(width ? { width } : {}), ...(height ? { height } : {}) };
  });
  const listed = snap
    ? await listAnnotations(storeDb(store), sources, snapshotRows(snap), snapshotSamples(snap))
    : await store.listAnnotations(sources);
  const annotations: Annotation[] = listed.map((a) => ({
    ...a,
    sample: keyOf.get(a.sampleId)!,
  }));
  const classes = await store.listClasses();
  const dataset: Dataset = { classes, samples, annotations };
  const io = createNodeFormatIO({ readOnlyRoots });
  const written = await format.write({
    dataset,
    imagesRoot,
    outDir: toPosix(outDir),
    io,
    images: options.images ?? 'copy',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...written, format: format.id, outDir, samples: samples.length, annotations: annotations.length };
}
