import { join } from 'node:path';
import type { SampleMetrics } from '../metrics/sample-metrics.js';
import type { MediaProbe } from '../model/sample.js';
import type { NewIssue, StoredSample } from '../store/project-store.js';
import { realRoot } from './media-path.js';
import type { Project } from './project.js';
import { type ScanProgress, type ScanSummary, scanFiles } from './scan/scan-files.js';
import { SCAN_ISSUE_TYPES } from './scan-issue-types.js';

export { SCAN_ISSUE_TYPES };

export interface ScanProjectOptions {
  force?: boolean;
  concurrency?: number;
  maxPixels?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanProjectSummary extends ScanSummary {
  runId: number;
  issues: Record<string, number>;
}

const SAVE_BATCH = 512;

/** What a probe says about a sample, as reviewable issues. Pure: exported for tests. */
export function mediaIssues(sample: StoredSample, probe: MediaProbe): NewIssue[] {
  const path = sample.key;
  const base = { sampleId: sample.id, score: 1 } as const;
  switch (probe.status) {
    case 'missing':
      return [{ ...base, type: 'missing_file', severity: 'error', reason: `${path} does not exist.` }];
    case 'corrupt':
      return [
        {
          ...base,
          type: 'corrupt_file',
          severity: 'error',
          reason: `${path} cannot be decoded: ${probe.error ?? 'corrupt'}.`,
        },
      ];
    case 'unreadable':
      return [
        {
          ...base,
          type: 'unreadable_file',
          severity: 'error',
          reason: `${path} cannot be read: ${probe.error ?? 'unreadable'}.`,
        },
      ];
    case 'too_large':
      return [
        {
          ...base,
          type: 'too_large',
          severity: 'error',
          reason: `${path} is over the pixel limit: ${probe.error ?? ''}`.trim(),
        },
      ];
    case 'unsupported':
      return [
        {
          ...base,
          type: 'unsupported_format',
          severity: 'warning',
          reason: `${path} cannot be used: ${probe.error ?? 'not a supported image format'}.`,
        },
      ];
    case 'pending':
      return [];
  }
  const declared =
    sample.width !== undefined && sample.height !== undefined ? [sample.width, sample.height] : undefined;
  if (!declared || probe.width === undefined || probe.height === undefined) return [];
  const [dw, dh] = declared as [number, number];
  // The picture as shown: an EXIF orientation of 5–8 turns it a quarter (browsers, Ultralytics, Label
  // Studio, this app's thumbnails and the models see it so). Annotations declare that size, or the
  // stored one when the tool that made them ignored the orientation (then its boxes lie turned).
  const turned = (probe.orientation ?? 1) >= 5;
  const [sw, sh] = turned ? [probe.height, probe.width] : [probe.width, probe.height];
  if (dw === sw && dh === sh) return [];
  const asStored = turned && dw === probe.width && dh === probe.height;
  return [
    {
      ...base,
      type: 'size_mismatch',
      severity: asStored ? 'warning' : 'error',
      score: asStored ? 0.5 : 1,
      reason: asStored
        ? `${path}: the annotations declare ${dw}×${dh}, the size as stored, but its EXIF orientation (${probe.orientation}) shows the picture turned, ${sw}×${sh}, as browsers, Ultralytics and this app show it: its boxes are likely drawn turned.`
        : `${path}: the annotations declare ${dw}×${dh} but the file is ${sw}×${sh}${turned ? ` as shown (${probe.width}×${probe.height} stored, EXIF orientation ${probe.orientation})` : ''}.`,
      details: {
        declared: { width: dw, height: dh },
        actual: { width: sw, height: sh },
        stored: { width: probe.width, height: probe.height },
        orientation: probe.orientation ?? 1,
      },
    },
  ];
}

/**
 * Probes every sample's file (incrementally), stores what it finds and the metrics of each decoded
 * image (table sample_metrics), and replaces the media issues
 * with the current ones, all under one `scan` run. Interrupting keeps the probes already saved.
 */
export async function scanProject(
  project: Project,
  options: ScanProjectOptions = {},
): Promise<ScanProjectSummary> {
  const { store } = project;
  // Texts live in the store: there is no file to probe.
  const samples = (await store.listSamples()).filter((s) => s.kind !== 'text' && s.kind !== 'point_cloud');
  const measured = new Set((await store.listSampleMetrics()).keys());
  const runId = await store.startRun('scan', {
    force: options.force ?? false,
    maxPixels: options.maxPixels ?? null,
  });
  const realRoots = new Map<string, string>();
  const realRootOf = (root: string): string => {
    let real = realRoots.get(root);
    if (real === undefined) realRoots.set(root, (real = realRoot(project.resolveRoot(root))));
    return real;
  };
  const targets = samples.map((s) => ({
    id: s.id,
    path: join(project.resolveRoot(s.root), s.key),
    root: realRootOf(s.root),
    ...(s.width === undefined ? {} : { declaredWidth: s.width }),
    ...(s.height === undefined ? {} : { declaredHeight: s.height }),
    // a file probed before metrics existed is decoded again, so that every 'ok' sample gets metrics
    ...(s.probe.status === 'pending' || (s.probe.status === 'ok' && !measured.has(s.id))
      ? {}
      : { previous: s.probe }),
  }));
  const probes = new Map(samples.map((s) => [s.id, s.probe]));
  let pending: { id: number; probe: MediaProbe }[] = [];
  let metrics: { id: number; metrics?: SampleMetrics }[] = [];
  const flush = async () => {
    const batch = pending;
    const metricBatch = metrics;
    pending = [];
    metrics = [];
    await store.transaction(async () => {
      await store.saveProbes(batch);
      await store.saveSampleMetrics(metricBatch);
    });
  };
  let summary: ScanSummary;
  try {
    summary = await scanFiles(
      targets,
      {
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }),
        ...(options.force === undefined ? {} : { force: options.force }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
      async (result) => {
        probes.set(result.id, result.probe);
        pending.push({ id: result.id, probe: result.probe });
        // new metrics replace the old; a file that no longer decodes loses its stale ones
        if (result.metrics) metrics.push({ id: result.id, metrics: result.metrics });
        else if (!result.unchanged) metrics.push({ id: result.id });
        if (pending.length >= SAVE_BATCH) await flush();
      },
    );
  } finally {
    await flush();
  }
  const issues = samples.flatMap((s) => mediaIssues(s, probes.get(s.id) ?? s.probe));
  await store.replaceIssues(runId, [...SCAN_ISSUE_TYPES], issues);
  const counts: Record<string, number> = {};
  for (const i of issues) counts[i.type] = (counts[i.type] ?? 0) + 1;
  await store.finishRun(
    runId,
    summary.interrupted ? 'interrupted' : 'ok',
    { ...summary, issues: counts },
    summary.done,
  );
  return { ...summary, runId, issues: counts };
}
