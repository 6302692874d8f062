import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AssayError } from '../errors.js';
import type { PlannedProblem } from './demo/demo-plan.js';
import {
  demoRecall,
  type RecallIssue,
  type RecallRow,
  type UnplannedCount,
  unplannedIssues,
} from './demo/demo-recall.js';
import { type DemoLayout, generateDemo } from './demo/generate-demo.js';
import { type ImportSummary, importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';
import { type RunChecksSummary, runChecks } from './run-checks.js';
import { type DetectionIssuesRunSummary, runDetectionIssues } from './run-detection-issues.js';
import type { ScanProgress } from './scan/scan-files.js';
import { type ScanProjectSummary, scanProject } from './scan-project.js';
import { writeReport } from './write-report.js';

export interface RunDemoOptions {
  seed?: number;
  images?: number;
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
  onGenerate?: (done: number, total: number) => void;
  onScan?: (progress: ScanProgress) => void;
}

export interface DemoSummary {
  project: string;
  layout: DemoLayout;
  imports: ImportSummary[];
  scan: ScanProjectSummary;
  checks: RunChecksSummary;
  /** The detection label issues of the ground truth against LABEL_ERROR_MODEL's predictions. */
  labelIssues: DetectionIssuesRunSummary;
  /** Planted problems by kind, from the manifest. */
  planted: Record<string, number>;
  /** Per planted kind: how many the checks found, and how many of their issues are planted (demo/demo-recall.ts). */
  recall: RecallRow[];
  /** Open issues no planted problem explains, by type. */
  unplanned: Record<string, UnplannedCount>;
  /** The HTML report written into the demo folder (report.html). */
  report: string;
}

/** The prediction source the demo's label-error analysis uses (the better of the two simulated models). */
export const LABEL_ERROR_MODEL = 'prediction:model-a';

const boxOf = (v: unknown): number[][] =>
  Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === 'number') ? [v as number[]] : [];

/** The project's open issues with sample paths, annotation original ids and boxes, for demoRecall. */
async function recallIssues(project: Project): Promise<RecallIssue[]> {
  const [issues, samples, annotations] = await Promise.all([
    project.store.listIssues({ status: ['open'] }),
    project.store.listSamples(),
    project.store.listAnnotationGeometry(['ground_truth']),
  ]);
  const keys = new Map(samples.map((s) => [s.id, s.key]));
  const originals = new Map(annotations.map((a) => [a.id, a.originalId ?? a.id]));
  const ids = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);
  return issues.map((i) => ({
    type: i.type,
    sample: i.sampleId === undefined ? null : (keys.get(i.sampleId) ?? null),
    related: ids(i.details?.related_sample_ids).map((id) => keys.get(id) ?? ''),
    annotations: [
      ...(i.annotationId === undefined ? [] : [i.annotationId]),
      ...ids(i.details?.annotation_ids),
    ].map((id) => originals.get(id) ?? id),
    boxes: [...boxOf(i.details?.pred_bbox), ...boxOf(i.details?.gt_bbox)],
    score: i.score,
  }));
}

/**
 * `assay demo`: render the shapes dataset into DIR/data, make DIR a project, import, scan and check it,
 * find label errors against LABEL_ERROR_MODEL, and score every planted kind's recall and precision.
 */
export async function runDemo(dir: string, options: RunDemoOptions = {}): Promise<DemoSummary> {
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw new AssayError('CONFLICT', `${root} already exists and is not empty.`, {
      hint: 'Give `assay demo` a new folder name, or remove that folder first.',
    });
  }
  options.onStage?.('generating the shapes dataset');
  const layout = await generateDemo(join(root, 'data'), {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.images === undefined ? {} : { images: options.images }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onGenerate ? { onProgress: options.onGenerate } : {}),
  });
  await initProject(root, { name: 'assay-demo' });
  const project = await openProject(root, { command: 'assay demo' });
  try {
    options.onStage?.('importing ground truth and predictions');
    const imports: ImportSummary[] = [];
    const common = {
      format: 'coco',
      images: layout.imagesDir,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    imports.push(await importDataset(project, { ...common, path: layout.trainGt, split: 'train' }));
    imports.push(await importDataset(project, { ...common, path: layout.testGt, split: 'test' }));
    for (const p of layout.predictions) {
      imports.push(await importDataset(project, { ...common, path: p.path, source: `prediction:${p.name}` }));
    }
    options.onStage?.('scanning images');
    const scan = await scanProject(project, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onScan ? { onProgress: options.onScan } : {}),
    });
    options.onStage?.('running the checks');
    const checks = await runChecks(project, options.signal ? { signal: options.signal } : {});
    options.onStage?.(`finding label errors with ${LABEL_ERROR_MODEL}`);
    const labelIssues = await runDetectionIssues(project, {
      prediction: LABEL_ERROR_MODEL,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const manifest = JSON.parse(await readFile(layout.manifest, 'utf8')) as { planted: PlannedProblem[] };
    const planted: Record<string, number> = {};
    for (const p of manifest.planted) planted[p.kind] = (planted[p.kind] ?? 0) + 1;
    const issues = await recallIssues(project);
    const recall = demoRecall(manifest.planted, issues);
    const unplanned = unplannedIssues(manifest.planted, issues);
    options.onStage?.('writing the HTML report');
    const report = await writeReport(project, {
      out: join(root, 'report.html'),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      project: root,
      layout,
      imports,
      scan,
      checks,
      labelIssues,
      planted,
      recall,
      unplanned,
      report: report.path,
    };
  } finally {
    await project.close();
  }
}
