import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { AssayError } from '../errors.js';
import type { Dataset } from '../formats/dataset.js';
import type { ImageExport, WriteResult } from '../formats/define-format.js';
import { formatById, formats } from '../formats/index.js';
import { joinPath, toPosix } from '../formats/paths.js';
import type { Annotation } from '../model/annotation.js';
import type { Sample } from '../model/sample.js';
import { type ExportKeys, projectBatches } from './export-batches.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { PROJECT_DIR, type Project } from './project.js';

export interface ExportDatasetOptions {
  format: string;
  outDir: string;
  /** Label sources to export (default: ground_truth). */
  sources?: string[];
  images?: ImageExport;
  /** Write into a folder that already has files. */
  force?: boolean;
  signal?: AbortSignal;
  /** Rows per batch read from the store for formats that write while reading (default 8,192). */
  batchRows?: number;
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
  const roots = [...new Set((await store.sampleRoots()).map((r) => project.resolveRoot(r)))];
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
  const classes = await store.listClasses();
  const counts = await store.summary();
  const annotationCount = sources.reduce((n, s) => n + (counts.annotations.by_source[s]?.total ?? 0), 0);
  const io = createNodeFormatIO({ readOnlyRoots });
  const common = {
    imagesRoot,
    outDir: toPosix(outDir),
    io,
    images: options.images ?? 'copy',
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let written: WriteResult;
  if (format.writesBatches) {
    // Written while read from the store in batches: never the whole dataset in memory (issue 12).
    const keypoints = await store.keypointsPerObject(sources);
    written = await format.write({
      ...common,
      dataset: { classes, samples: [], annotations: [] },
      batches: projectBatches(store, sources, keys, keypoints, options.batchRows),
    });
  } else {
    const stored = await store.listSamples();
    const keyOf = new Map(stored.map((s) => [s.id, keys.key(s.root, s.key)]));
    const samples: Sample[] = stored.map((s) => keys.sample(s));
    const annotations: Annotation[] = (await store.listAnnotations(sources)).map((a) => ({
      ...a,
      sample: keyOf.get(a.sampleId)!,
    }));
    const dataset: Dataset = { classes, samples, annotations };
    written = await format.write({ ...common, dataset });
  }
  return {
    ...written,
    format: format.id,
    outDir,
    samples: counts.samples,
    annotations: annotationCount,
  };
}
