import { basename } from 'node:path';
import { TEXT_CHECK_TYPES } from '../../checks/text/text-checks.js';
import { licenceSummary } from '../../licences/licence-summary.js';
import type { SampleMetrics } from '../../metrics/sample-metrics.js';
import { DatasheetTally } from '../../report/datasheet-facts.js';
import { reportCharts } from '../../report/report-charts.js';
import type { ReportData, ReportPlan } from '../../report/report-data.js';
import type { ReportText } from '../../report/text-section.js';
import { type DatasetStats, DEFAULT_STATS_SOURCE } from '../../stats/dataset-stats.js';
import type { StoredAnnotation, StoredIssue, StoredSample } from '../../store/project-store.js';
import { VERSION } from '../../version.js';
import { lidarStatsRows } from '../lidar/lidar-stats-rows.js';
import type { Project } from '../project.js';
import { loadLicenceNames } from '../project-licences.js';
import { projectStats } from '../project-stats.js';
import { loadProvenance } from '../sample-provenance.js';
import { storeDb } from '../store/duckdb-store.js';
import { issueExamples, SEVERITY_RANK } from './issue-examples.js';
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
  const metricsById = await store.listSampleMetrics();
  options.signal?.throwIfAborted();
  // Statistics by SQL aggregates (the report draws no scan-metric summaries from them: those come from
  // `metrics` below), and only the annotations of the samples the examples show (issue 12).
  const stats: DatasetStats = { ...(await store.datasetStats(DEFAULT_STATS_SOURCE)), metrics: [] };
  const lidar = await lidarStatsRows(storeDb(store), DEFAULT_STATS_SOURCE);
  if (lidar !== undefined) stats.lidar = lidar;
  const worst = await store.listIssues({ limitPerType: options.examplesPerType ?? 6 });
  const shown = worst.flatMap((i) => [i.sampleId ?? -1, ...relatedIds(i).slice(0, 1)]);
  // The samples in batches (issue 12: never all as objects at once): image sizes, the datasheet, and only
  // the samples the examples show (and the texts, for the Text section) kept.
  const named = worst.flatMap((i) => [i.sampleId ?? -1, ...relatedIds(i)]);
  const { images, datasheet, kept, texts } = await sampleFacts(store, new Set(named));
  const metrics: SampleMetrics[] = [...metricsById.values()];
  const objectsPerImage = await store.annotationsPerSample(stats.source);
  const counts = new Map<string, { count: number; severity: StoredIssue['severity'] }>();
  for (const c of await store.issueCounts()) {
    const known = counts.get(c.type);
    if (!known) counts.set(c.type, { count: c.n, severity: c.severity });
    else {
      known.count += c.n;
      if (SEVERITY_RANK[c.severity] > SEVERITY_RANK[known.severity]) known.severity = c.severity;
    }
  }
  const byId = new Map<number, StoredAnnotation>();
  const groundTruth = new Map<number, StoredAnnotation[]>();
  for (const a of await store.listAnnotationsOfSamples(shown)) {
    byId.set(a.id, a);
    if (a.source !== 'ground_truth') continue;
    const list = groundTruth.get(a.sampleId) ?? [];
    list.push(a);
    groundTruth.set(a.sampleId, list);
  }
  const issues = await issueExamples(project, {
    worst,
    counts,
    samples: kept,
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
    datasheet: datasheet.facts(await loadLicenceNames(store)),
  };
  // Licences per sample (a CSV or folder rule, else the COCO licence id), with commercial use.
  const licences = licenceSummary((await loadProvenance(project)).values());
  if (licences.samples > licences.without_licence) {
    data.datasheet.licenses = licences.licences
      .filter((l) => l.licence !== 'unknown' || l.samples < licences.samples)
      .map((l) => ({
        name: l.licence === 'unknown' ? 'no licence stated' : l.licence,
        samples: l.samples,
        commercial: l.commercial,
        sources: l.sources,
        ...(l.url ? { url: l.url } : {}),
      }));
    if (licences.warning) data.datasheet.licenceWarning = licences.warning;
  }
  if (options.plan) data.plan = options.plan;
  const text = await reportText(project, texts, counts);
  if (text) data.text = text;
  return data;
}

/**
 * What the report needs of every sample, read in batches: pixel sizes and file sizes of the scanned images
 * (point clouds have no pixel size to chart), the datasheet tally, the samples of `shown`, and the texts.
 */
async function sampleFacts(store: Project['store'], shown: ReadonlySet<number>) {
  const megapixels: number[] = [];
  const kilobytes: number[] = [];
  const datasheet = new DatasheetTally();
  const kept = new Map<number, StoredSample>();
  const texts: StoredSample[] = [];
  for await (const batch of store.sampleBatches()) {
    for (const s of batch) {
      datasheet.add(s);
      if (shown.has(s.id)) kept.set(s.id, s);
      if (s.kind === 'text') texts.push(s);
      if (s.probe.status !== 'ok' || s.kind === 'point_cloud') continue;
      megapixels.push(((s.probe.width ?? Number.NaN) * (s.probe.height ?? Number.NaN)) / 1e6);
      kilobytes.push((s.probe.bytes ?? Number.NaN) / 1024);
    }
  }
  const images = { megapixels: Float64Array.from(megapixels), kilobytes: Float64Array.from(kilobytes) };
  return { images, datasheet, kept, texts };
}

/** The sample ids an issue's details name as related (the first is shown beside it). */
function relatedIds(issue: StoredIssue): number[] {
  const ids = issue.details?.related_sample_ids;
  return Array.isArray(ids) ? ids.map(Number).filter(Number.isInteger) : [];
}

/** The report's Text section data: statistics as `assay stats` gives them, ground-truth labels, text issues. */
async function reportText(
  project: Project,
  samples: readonly StoredSample[],
  counts: ReadonlyMap<string, { count: number }>,
): Promise<ReportText | undefined> {
  if (samples.length === 0) return undefined;
  const stats = (await projectStats(project)).text;
  if (!stats) return undefined;
  const texts = new Set(samples.filter((s) => s.kind === 'text').map((s) => s.id));
  const labels = new Map<string, number>();
  const spans = new Map<string, number>();
  for (const a of await project.store.listAnnotations([DEFAULT_STATS_SOURCE])) {
    if (!texts.has(a.sampleId) || a.label === undefined) continue;
    const m = a.kind === 'span' ? spans : a.kind === 'classification' ? labels : undefined;
    m?.set(a.label, (m.get(a.label) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const issues = TEXT_CHECK_TYPES.flatMap((t) => {
    const n = counts.get(t)?.count ?? 0;
    return n > 0 ? [[t, n] as [string, number]] : [];
  });
  return { stats, labels: sorted(labels), spanTypes: sorted(spans), issues };
}
