import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { LabelDiff } from '../../edits/label-diff.js';
import { AssayError } from '../../errors.js';
import { formats as allFormats, formatById } from '../../formats/index.js';
import { toPosix } from '../../formats/paths.js';
import { type LicenceSummary, licenceSummary } from '../../licences/licence-summary.js';
import { renderDatasheetMarkdown } from '../../report/datasheet-markdown.js';
import { type QualityCharacteristic, renderQualityMarkdown } from '../../report/quality-report.js';
import { writeFileAtomic } from '../atomic-write.js';
import { checkPlan, loadPlan } from '../check-plan.js';
import { type ExportSummary, exportDataset } from '../export-dataset.js';
import type { Project } from '../project.js';
import { gatherReportData } from '../report/gather-report-data.js';
import { loadProvenance } from '../sample-provenance.js';
import { writeReport } from '../write-report.js';
import { diffVersions } from './diff-versions.js';
import { datasheetRelease, releaseQuality } from './release-quality.js';
import { createSnapshot, type Snapshot } from './snapshots.js';

export interface ReleaseOptions {
  /** Folder to write (must not exist or be empty: a release never overwrites another). */
  out: string;
  /** Export formats (default coco). */
  formats?: string[];
  /** Label sources exported (default ground_truth). */
  sources?: string[];
  /** Copy images into each export (default false: annotations only). */
  images?: boolean;
  message?: string;
  author?: string;
  /** A quality plan: its targets go into the quality report (and the HTML report's plan section). */
  plan?: string;
  signal?: AbortSignal;
}

export interface ManifestEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export interface ReleaseSummary {
  name: string;
  out: string;
  snapshot: Snapshot;
  previous: string | null;
  exports: { format: string; samples: number; annotations: number; files: number }[];
  /** Label changes since the previous release (null for the first). */
  changes: LabelDiff | null;
  /** Korea's guideline characteristics: measured value and the plan's target (quality.json). */
  quality: QualityCharacteristic[];
  files: ManifestEntry[];
  /** Samples per licence and commercial use; `warning` when licences forbidding it are mixed in. */
  licences: LicenceSummary;
}

const RELEASES_KEY = 'releases';

async function walk(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Every file under `dir` (but `manifest.json`) with its size and sha256, sorted by path. */
export async function manifestOf(dir: string): Promise<ManifestEntry[]> {
  const files = (await walk(dir)).map((f) => toPosix(relative(dir, f))).filter((f) => f !== 'manifest.json');
  files.sort();
  const out: ManifestEntry[] = [];
  for (const path of files) {
    const data = await readFile(join(dir, path));
    out.push({ path, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') });
  }
  return out;
}

/**
 * `assay release NAME --out DIR`: a snapshot named NAME, the labels of that snapshot exported in each
 * format (DIR/<format>/), the HTML report, the label changes since the previous release
 * (changes.json), the datasheet (datasheet.md), the quality report along Korea's guideline
 * (quality.json, quality.md), and manifest.json listing every file with its sha256. Refused (CONFLICT, nothing
 * written) when DIR has files or NAME names a snapshot already.
 */
export async function release(
  project: Project,
  name: string,
  options: ReleaseOptions,
): Promise<ReleaseSummary> {
  const out = resolve(options.out);
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new AssayError(
      'CONFLICT',
      `The release folder ${out} is not empty; a release never overwrites another.`,
      {
        hint: 'Choose a new folder for this release.',
      },
    );
  const formats = options.formats ?? ['coco'];
  const unknown = formats.filter((f) => !formatById(f)?.write);
  if (unknown.length > 0)
    throw new AssayError('USAGE', `Cannot export a release to ${unknown.join(', ')}.`, {
      hint: `Formats that write: ${allFormats
        .filter((f) => f.write)
        .map((f) => f.id)
        .join(', ')}.`,
    });
  if (options.plan) await loadPlan(options.plan); // a bad plan file is refused before anything is written
  // One transaction: when an export or the report fails, the snapshot and the release record go too.
  return project.store.transaction(() => writeRelease(project, name, out, formats, options));
}

async function writeRelease(
  project: Project,
  name: string,
  out: string,
  formats: string[],
  options: ReleaseOptions,
): Promise<ReleaseSummary> {
  const releases = JSON.parse((await project.store.getMeta(RELEASES_KEY)) ?? '[]') as {
    name: string;
    out: string;
  }[];
  const previous = releases.at(-1)?.name ?? null;
  const snapshot = await createSnapshot(project, name, {
    message: options.message ?? `release ${name}`,
    ...(options.author ? { author: options.author } : {}),
  });
  const exports: ReleaseSummary['exports'] = [];
  for (const format of formats) {
    const r: ExportSummary = await exportDataset(project, {
      format,
      outDir: join(out, format),
      snapshot: name,
      images: options.images ? 'copy' : 'none',
      ...(options.sources ? { sources: options.sources } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    exports.push({ format, samples: r.samples, annotations: r.annotations, files: r.files.length });
  }
  await writeReport(project, {
    out: join(out, 'report.html'),
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const planResult = options.plan ? await checkPlan(project, await loadPlan(options.plan)) : null;
  const quality = await releaseQuality(project, planResult);
  await writeFileAtomic(
    join(out, 'quality.json'),
    `${JSON.stringify({ release: name, guideline: 'AI training-data quality guideline v3.0 (Korea)', plan: planResult, characteristics: quality }, null, 2)}\n`,
  );
  await writeFileAtomic(join(out, 'quality.md'), renderQualityMarkdown(name, quality));
  const data = await gatherReportData(project, { examplesPerType: 0 });
  await writeFileAtomic(
    join(out, 'datasheet.md'),
    renderDatasheetMarkdown(data, await datasheetRelease(project, { name, previous, formats })),
  );
  const changes = previous ? await diffVersions(project, previous, name) : null;
  await writeFileAtomic(
    join(out, 'changes.json'),
    `${JSON.stringify({ previous, release: name, changes }, null, 2)}\n`,
  );
  const licences = licenceSummary((await loadProvenance(project)).values());
  const files = await manifestOf(out);
  const manifest = { release: name, snapshot, previous, exports, licences, files };
  await writeFileAtomic(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  releases.push({ name, out });
  await project.store.setMeta(RELEASES_KEY, JSON.stringify(releases));
  return { name, out, snapshot, previous, exports, changes, quality, files, licences };
}
