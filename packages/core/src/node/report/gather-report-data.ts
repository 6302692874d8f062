import { basename } from 'node:path';
import type { SampleMetrics } from '../../metrics/sample-metrics.js';
import { datasheetFacts } from '../../report/datasheet-facts.js';
import { reportCharts } from '../../report/report-charts.js';
import type { ReportData, ReportPlan } from '../../report/report-data.js';
import { computeStats } from '../../stats/compute-stats.js';
import type { StoredAnnotation } from '../../store/project-store.js';
import { VERSION } from '../../version.js';
import type { Project } from '../project.js';
import { loadLicenceNames } from '../project-licences.js';
import { issueCounts, issueExamples } from './issue-examples.js';
import type { IssueThumbnailOptions } from './issue-thumbnail.js';

export interface GatherReportOptions {
  /** Worst examples shown per issue type (default 6). */
  examplesPerType?: number;
  /** An evaluated plan to show. */
  plan?: ReportPlan;
  thumbnails?: IssueThumbnailOptions;
  signal?: AbortSignal;
  /** Fixed timestamp (tests); default now. */
  now?: Date;
}

/** Reads what the report shows from a project: summary, statistics, metrics, issues with thumbnails. */
export async function gatherReportData(
  project: Project,
  options: GatherReportOptions = {},
): Promise<ReportData> {
  const { store } = project;
  const summary = await store.summary();
  const classes = (await store.listClasses()).map((c) => c.name);
  const samples = await store.listSamples();
  const annotations = await store.listAnnotations();
  const metricsById = await store.listSampleMetrics();
  options.signal?.throwIfAborted();
  const stats = computeStats({ classes, samples, annotations });
  const scanned = samples.filter((s) => s.probe.status === 'ok');
  const images = {
    megapixels: Float64Array.from(
      scanned,
      (s) => ((s.probe.width ?? Number.NaN) * (s.probe.height ?? Number.NaN)) / 1e6,
    ),
    kilobytes: Float64Array.from(scanned, (s) => (s.probe.bytes ?? Number.NaN) / 1024),
  };
  const metrics: SampleMetrics[] = [...metricsById.values()];
  const objects = new Map<number, number>();
  for (const a of annotations)
    if (a.source === stats.source) objects.set(a.sampleId, (objects.get(a.sampleId) ?? 0) + 1);
  const objectsPerImage = Float64Array.from(samples, (s) => objects.get(s.id) ?? 0);
  const byId = new Map<number, StoredAnnotation>();
  const groundTruth = new Map<number, StoredAnnotation[]>();
  for (const a of annotations) {
    byId.set(a.id, a);
    if (a.source !== 'ground_truth') continue;
    const list = groundTruth.get(a.sampleId) ?? [];
    list.push(a);
    groundTruth.set(a.sampleId, list);
  }
  const counts = issueCounts(await store.listIssues());
  const worst = await store.listIssues({ limitPerType: options.examplesPerType ?? 6 });
  const issues = await issueExamples(project, {
    worst,
    counts,
    samples: new Map(samples.map((s) => [s.id, s])),
    annotations: byId,
    groundTruth,
    ...(options.thumbnails ? { thumbnails: options.thumbnails } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const data: ReportData = {
    title: (await store.getMeta('name')) ?? basename(project.dir),
    projectDir: project.dir,
    generatedAt: (options.now ?? new Date()).toISOString(),
    version: VERSION,
    summary,
    charts: reportCharts(stats, { ...images, objectsPerImage }, metrics),
    issues,
    datasheet: datasheetFacts(samples, await loadLicenceNames(store)),
  };
  if (options.plan) data.plan = options.plan;
  return data;
}
