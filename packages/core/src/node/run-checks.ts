import { appendAll } from '../arrays/append-all.js';
import type { CheckIssue, CheckSkip } from '../checks/check-types.js';
import { LABEL_CHECK_TYPES, type LabelCheckOptions } from '../checks/labels/label-check-input.js';
import { LIDAR_CHECK_TYPES, type LidarCheckOptions } from '../checks/lidar/lidar-check-input.js';
import { lidarChecks } from '../checks/lidar/lidar-checks.js';
import { MEDIA_CHECK_TYPES, type MediaCheckOptions, mediaChecks } from '../checks/media/media-checks.js';
import { TEXT_CHECK_TYPES } from '../checks/text/text-checks.js';
import { AssayError } from '../errors.js';
import { DEFAULT_STATS_SOURCE } from '../stats/dataset-stats.js';
import type { StoredSample } from '../store/project-store.js';
import { embeddingDuplicatePairs } from './embeddings/embedding-duplicates.js';
import { labelCheckIssues } from './label-check-issues.js';
import { lidarCheckData } from './lidar/lidar-check-data.js';
import type { Project } from './project.js';
import { runTextChecks } from './run-text-checks.js';
import { SCAN_ISSUE_TYPES } from './scan-issue-types.js';
import { groupLeakageIssues } from './split/group-leakage-issues.js';

/** Issue types `assay check` writes: the media checks then the label checks. */
export const CHECK_ISSUE_TYPES: readonly string[] = [
  ...new Set([...MEDIA_CHECK_TYPES, ...LABEL_CHECK_TYPES, ...TEXT_CHECK_TYPES, ...LIDAR_CHECK_TYPES]),
];
/** Every issue type Assay writes (scan and check), e.g. for validating plan limits. */
export const ALL_ISSUE_TYPES: ReadonlySet<string> = new Set([...SCAN_ISSUE_TYPES, ...CHECK_ISSUE_TYPES]);

export interface RunChecksOptions {
  /** Issue types to run (default: all CHECK_ISSUE_TYPES); unknown names are a USAGE error. */
  only?: string[];
  /** Label source the label checks judge (default `ground_truth`). */
  source?: string;
  labels?: Omit<LabelCheckOptions, 'only'>;
  media?: Omit<MediaCheckOptions, 'signal'>;
  /** Languages the text samples are expected in (ISO 639-1; default: stated, else the main detected ones). */
  languages?: string[];
  /** Thresholds of the LiDAR checks (a plan's `lidar:` section). */
  lidar?: Omit<LidarCheckOptions, 'only'>;
  /**
   * Groupings whose groups must not cross splits (`folder` or metadata fields; split_leakage issues).
   * Default: the field the latest `assay split --group` used.
   */
  groups?: string[];
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
}

export interface RunChecksSummary {
  runId: number;
  /** The types this run checked (their open issues were replaced). */
  types: string[];
  /** Issues found per type (every checked type listed, 0 included). */
  issues: Record<string, number>;
  skipped: CheckSkip[];
  samples: number;
  annotations: number;
}

/** Validates `--only` names against the check types. */
export function resolveCheckTypes(only: string[] | undefined): string[] {
  if (only === undefined || only.length === 0) return [...CHECK_ISSUE_TYPES];
  const unknown = only.filter((t) => !CHECK_ISSUE_TYPES.includes(t));
  if (unknown.length > 0) {
    const scanOwned = unknown.filter((t) => (SCAN_ISSUE_TYPES as readonly string[]).includes(t));
    throw new AssayError('USAGE', `Unknown check type(s): ${unknown.join(', ')}.`, {
      hint:
        scanOwned.length > 0
          ? `${scanOwned.join(', ')} come from \`assay scan\`. Checks: ${CHECK_ISSUE_TYPES.join(', ')}.`
          : `Checks: ${CHECK_ISSUE_TYPES.join(', ')}.`,
    });
  }
  return [...new Set(only)];
}

function interrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AssayError('INTERRUPTED', 'Checks were interrupted; no issues were changed.', {
      hint: 'Run `assay check` again.',
    });
}

/**
 * `assay check`: loads samples, scan metrics and one source's annotations, runs the media and label
 * checks, and replaces the open issues of the checked types under one `check` run.
 */
export async function runChecks(project: Project, options: RunChecksOptions = {}): Promise<RunChecksSummary> {
  const { store } = project;
  const types = resolveCheckTypes(options.only);
  const only = new Set(types);
  const source = options.source ?? DEFAULT_STATS_SOURCE;
  const runId = await store.startRun('check', { only: options.only ?? null, source });
  try {
    options.onStage?.('loading samples');
    // Only scanned images are objects (the media checks judge those); the label checks read every
    // sample and annotation in batches (labelCheckIssues), text samples stream (run-text-checks.ts).
    const [scanned, classes, metrics, sources, sampleCount] = await Promise.all([
      store.listSamples({ notKind: 'text', status: ['ok'] }),
      store.listClasses(),
      store.listSampleMetrics(),
      store.listSources(),
      store.countSamples(),
    ]);
    const sourceId = sources.find((s) => s.name === source)?.id;
    const annotationCount = sourceId === undefined ? 0 : await store.countAnnotations(sourceId);
    interrupted(options.signal);
    // Media checks judge images; text samples go to the text checks, point clouds to the LiDAR checks.
    const samples = scanned.filter((s) => s.kind !== 'point_cloud');
    const issues: CheckIssue[] = [];
    const skipped: CheckSkip[] = [];
    if (TEXT_CHECK_TYPES.some((t) => only.has(t))) {
      const text = await runTextChecks(project, {
        source,
        only,
        ...(options.languages ? { languages: options.languages } : {}),
        checkpoint: () => interrupted(options.signal),
        ...(options.onStage ? { onStage: options.onStage } : {}),
      });
      appendAll(issues, text.issues);
      appendAll(skipped, text.skipped);
      interrupted(options.signal);
    }
    if (MEDIA_CHECK_TYPES.some((t) => only.has(t))) {
      options.onStage?.('media checks');
      // near duplicates by embedding distance join the hash-based ones when the project has vectors
      const embeddingPairs =
        only.has('near_duplicate') || only.has('split_leakage')
          ? await embeddingDuplicatePairs(project)
          : undefined;
      const media = mediaChecks(
        samples.map((s) => ({ ...s, ...(metrics.has(s.id) ? { metrics: metrics.get(s.id)! } : {}) })),
        {
          ...options.media,
          ...(embeddingPairs ? { embeddingPairs } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
      appendAll(
        issues,
        media.filter((i) => only.has(i.type)),
      );
      appendAll(skipped, await unmeasured(project, samples, metrics));
      interrupted(options.signal);
    }
    if (only.has('split_leakage')) {
      options.onStage?.('group leakage');
      appendAll(issues, await groupLeakageIssues(project, options.groups));
    }
    if (LABEL_CHECK_TYPES.some((t) => only.has(t))) {
      options.onStage?.('label checks');
      if (annotationCount === 0) {
        skipped.push({
          check: 'labels',
          count: await store.countSamples({ kind: 'image' }),
          reason: `the project has no ${source} annotations`,
        });
      } else {
        const labels = await labelCheckIssues(
          project,
          source,
          classes.map((c) => c.name),
          {
            ...options.labels,
            only,
          },
          options.signal,
        );
        appendAll(issues, labels.issues);
        appendAll(skipped, labels.skipped);
      }
    }
    if (LIDAR_CHECK_TYPES.some((t) => only.has(t))) {
      const input = await lidarCheckData(project, source, {
        ...(options.signal ? { signal: options.signal } : {}),
        onSweep: (done, total) => {
          if (done === 1) options.onStage?.(`LiDAR checks: reading ${total} sweep${total === 1 ? '' : 's'}`);
        },
      });
      if (input !== undefined) {
        options.onStage?.('LiDAR checks');
        const lidar = lidarChecks(input, { ...options.lidar, only });
        appendAll(issues, lidar.issues);
        appendAll(skipped, lidar.skipped);
      }
      interrupted(options.signal);
    }
    await store.replaceIssues(runId, types, issues);
    const counts: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
    for (const i of issues) counts[i.type] = (counts[i.type] ?? 0) + 1;
    const summary = {
      runId,
      types,
      issues: counts,
      skipped,
      samples: sampleCount,
      annotations: annotationCount,
    };
    await store.finishRun(runId, 'ok', { issues: counts, skipped }, summary.samples);
    return summary;
  } catch (error) {
    await store.finishRun(
      runId,
      error instanceof AssayError && error.code === 'INTERRUPTED' ? 'interrupted' : 'failed',
      {
        error: error instanceof Error ? error.message : String(error),
      },
    );
    throw error;
  }
}

/**
 * Image samples the metric-based media checks could not judge, so the user hears of them: never
 * scanned, or scanned (ok) before metrics existed. Missing and corrupt files are scan issues of their own.
 */
async function unmeasured(
  project: Project,
  scanned: readonly StoredSample[],
  metrics: ReadonlyMap<number, unknown>,
): Promise<CheckSkip[]> {
  const pending = await project.store.countSamples({ kind: 'image', status: ['pending'] });
  let stale = 0;
  for (const s of scanned) if (!metrics.has(s.id)) stale++;
  const out: CheckSkip[] = [];
  if (pending > 0) {
    out.push({ check: 'media', count: pending, reason: 'not scanned yet: run `assay scan` to measure them' });
  }
  if (stale > 0) {
    out.push({
      check: 'media',
      count: stale,
      reason: 'scanned without metrics: run `assay scan` again to measure them',
    });
  }
  return out;
}
