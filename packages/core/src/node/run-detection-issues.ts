import {
  DETECTION_ISSUE_TYPES,
  type DetectionIssue,
  DetectionIssuePasses,
  type DetectionIssuesOptions,
} from '../detection-issues/detection-issues.js';
import type { DetectionImage } from '../detection-issues/match-boxes.js';
import { AssayError } from '../errors.js';
import type { NewIssue } from '../store/project-store.js';
import { detectionBatches, unusableCounts } from './detection-batches.js';
import type { Project } from './project.js';
import { storeDb } from './store/duckdb-store.js';

export interface RunDetectionIssuesOptions extends Omit<DetectionIssuesOptions, 'className'> {
  /** The prediction source, e.g. `prediction:yolov8`. */
  prediction: string;
  /** The labels to check (default `ground_truth`). */
  labels?: string;
  signal?: AbortSignal;
  /** Samples per batch read from the store (default DETECTION_BATCH_SAMPLES; tests make it small). */
  samplesPerBatch?: number;
}

export interface DetectionIssuesRunSummary {
  runId: number;
  labels: string;
  prediction: string;
  images: number;
  boxes: { labels: number; predictions: number };
  /** Boxes left out because they have no class (they cannot be compared by class). */
  skipped_boxes_without_class: number;
  /**
   * Images left out because scan found their file missing, corrupt or unreadable, by status: no model
   * saw them, so every box on them would be reported as a spurious label.
   */
  skipped_images: Record<string, number>;
  issues: Record<string, number>;
  /** Images with at least one issue. */
  flagged_images: number;
  /** The images most likely to hold a wrong label, best first (at most 20). */
  worst_images: { sample: string; score: number; issues: number }[];
}

const severityOf = (score: number): NewIssue['severity'] =>
  score >= 0.75 ? 'error' : score >= 0.4 ? 'warning' : 'info';

/** Sources a runner can check; a wrong name is a NOT_FOUND naming the ones that exist. */
async function requireSource(project: Project, name: string, kind: string): Promise<void> {
  const sources = await project.store.listSources();
  if (sources.some((s) => s.name === name)) return;
  const known = sources.filter((s) => s.kind === kind).map((s) => s.name);
  throw new AssayError('NOT_FOUND', `The project has no label source "${name}".`, {
    hint:
      known.length > 0
        ? `Known ${kind} sources: ${known.join(', ')}.`
        : `Import one with \`assay import ... --as ${kind === 'prediction' ? 'prediction:NAME' : name}\`.`,
  });
}

/**
 * `assay label-errors --pred prediction:X` on boxes: loads the ground-truth (or given) boxes and a
 * prediction source, finds per-box label issues (missing_label, bad_location, wrong_class,
 * spurious_label) and stores them under a `detection-issues` run, replacing the open ones.
 */
export async function runDetectionIssues(
  project: Project,
  options: RunDetectionIssuesOptions,
): Promise<DetectionIssuesRunSummary> {
  const { store } = project;
  const labels = options.labels ?? 'ground_truth';
  await requireSource(project, labels, labels === 'ground_truth' ? 'ground_truth' : 'annotator');
  await requireSource(project, options.prediction, 'prediction');
  const { prediction, signal, labels: _l, samplesPerBatch, ...detectOptions } = options;
  const runId = await store.startRun('detection-issues', { labels, ...detectOptions, prediction });
  try {
    const classes = await store.listClasses();
    const passes = new DetectionIssuePasses({
      ...detectOptions,
      className: (i) => classes[i]?.name ?? `class ${i}`,
    });
    const sources = { labels, prediction };
    // First pass: every image's matches feed the class recall (predictions without probabilities).
    const counts = { labels: { boxes: 0, unlabeled: 0 }, predictions: { boxes: 0, unlabeled: 0 } };
    let images = 0;
    for await (const batch of detectionBatches(project, sources, classes, UNUSABLE_SCAN_STATUSES, {
      counts,
      ...(samplesPerBatch ? { samplesPerBatch } : {}),
    })) {
      signal?.throwIfAborted();
      for (let i = 0; i < batch.ids.length; i++) passes.tally(batch.imageAt(i));
      images += batch.ids.length;
    }
    if (counts.labels.boxes === 0)
      throw new AssayError('INVALID_INPUT', `The source ${labels} has no boxes to check.`, {
        hint: 'Detection label issues need boxes (bbox, polygon or mask annotations) in the labels.',
      });
    // Second pass: each image's issues, stored batch by batch; the flagged images kept as numbers.
    const issueCounts: Record<string, number> = {};
    const flagged = { score: [] as number[], issues: [] as number[], sampleId: [] as number[] };
    await store.replaceIssuesInBatches(runId, [...DETECTION_ISSUE_TYPES], async (write) => {
      let index = 0;
      for await (const batch of detectionBatches(project, sources, classes, UNUSABLE_SCAN_STATUSES, {
        probs: true,
        ...(samplesPerBatch ? { samplesPerBatch } : {}),
      })) {
        signal?.throwIfAborted();
        const issues: NewIssue[] = [];
        for (let i = 0; i < batch.ids.length; i++, index++) {
          const image = batch.imageAt(i);
          const im = passes.issues(image, index);
          if (im.issues.length === 0) continue;
          flagged.score.push(im.score);
          flagged.issues.push(im.issues.length);
          flagged.sampleId.push(batch.ids[i]!);
          for (const x of im.issues) {
            const issue = toNewIssue(x, image, batch.ids[i]!, im.score, prediction, classes);
            issueCounts[issue.type] = (issueCounts[issue.type] ?? 0) + 1;
            issues.push(issue);
          }
        }
        await write(issues);
      }
    });
    signal?.throwIfAborted();
    const worst = Array.from(flagged.score, (_, k) => k)
      .sort((a, b) => flagged.score[b]! - flagged.score[a]! || a - b)
      .slice(0, 20);
    const keys = await sampleKeys(
      project,
      worst.map((k) => flagged.sampleId[k]!),
    );
    const summary: DetectionIssuesRunSummary = {
      runId,
      labels,
      prediction,
      images,
      boxes: { labels: counts.labels.boxes, predictions: counts.predictions.boxes },
      skipped_boxes_without_class: counts.labels.unlabeled + counts.predictions.unlabeled,
      skipped_images: await unusableCounts(project, UNUSABLE_SCAN_STATUSES),
      issues: issueCounts,
      flagged_images: flagged.score.length,
      worst_images: worst.map((k) => ({
        sample: keys.get(flagged.sampleId[k]!) ?? String(flagged.sampleId[k]),
        score: flagged.score[k]!,
        issues: flagged.issues[k]!,
      })),
    };
    await store.finishRun(runId, 'ok', { ...summary }, images);
    return summary;
  } catch (error) {
    const interrupted = signal?.aborted === true;
    await store.finishRun(runId, interrupted ? 'interrupted' : 'failed', { error: String(error) });
    if (interrupted) throw new AssayError('INTERRUPTED', 'Interrupted: no detection issues were stored.');
    throw error;
  }
}

/** Scan statuses of files no model can have seen: their samples are left out of label analyses. */
export const UNUSABLE_SCAN_STATUSES: readonly string[] = ['missing', 'corrupt', 'unreadable'];

/** The samples whose image scan did not find missing, corrupt or unreadable, and how many were left out by status. */
export function usableSamples<T extends { probe: { status: string } }>(
  samples: T[],
): { usable: T[]; skipped: Record<string, number> } {
  const usable: T[] = [];
  const skipped: Record<string, number> = {};
  for (const s of samples) {
    if (UNUSABLE_SCAN_STATUSES.includes(s.probe.status))
      skipped[s.probe.status] = (skipped[s.probe.status] ?? 0) + 1;
    else usable.push(s);
  }
  return { usable, skipped };
}

function toNewIssue(
  x: DetectionIssue,
  image: DetectionImage,
  sampleId: number,
  imageScore: number,
  prediction: string,
  classes: { name: string }[],
): NewIssue {
  const name = (i: number | undefined) => (i === undefined ? undefined : classes[i]?.name);
  const gt = x.gt === undefined ? undefined : image.gt[x.gt];
  const pred = x.pred === undefined ? undefined : image.pred[x.pred];
  const { gt_label, pred_label, ...rest } = x.evidence;
  return {
    sampleId,
    ...(gt ? { annotationId: gt.id } : {}),
    type: x.type,
    severity: severityOf(x.score),
    score: Math.min(1, Math.max(0, x.score)),
    reason: x.reason,
    details: {
      ...rest,
      ...(gt_label === undefined ? {} : { gt_class: name(gt_label) }),
      ...(pred_label === undefined ? {} : { pred_class: name(pred_label) }),
      ...(gt ? { gt_bbox: gt.box } : {}),
      ...(pred ? { pred_bbox: pred.box } : {}),
      prediction_source: prediction,
      image_score: imageScore,
    },
  };
}

/** The keys of a few samples by id. */
async function sampleKeys(project: Project, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await storeDb(project.store).all<{ id: number; key: string }>(
    `SELECT id, key FROM samples WHERE id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return new Map(rows.map((r) => [r.id, r.key]));
}
