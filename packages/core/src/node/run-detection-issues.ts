import {
  DETECTION_ISSUE_TYPES,
  type DetectionIssue,
  type DetectionIssuesOptions,
  detectionIssues,
} from '../detection-issues/detection-issues.js';
import type { DetBox, DetectionImage } from '../detection-issues/match-boxes.js';
import { AssayError } from '../errors.js';
import type { EvalAnnotation, NewIssue } from '../store/project-store.js';
import type { Project } from './project.js';

export interface RunDetectionIssuesOptions extends Omit<DetectionIssuesOptions, 'className'> {
  /** The prediction source, e.g. `prediction:yolov8`. */
  prediction: string;
  /** The labels to check (default `ground_truth`). */
  labels?: string;
  signal?: AbortSignal;
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

function toBox(a: EvalAnnotation, classIndex: Map<string, number>): DetBox | undefined {
  if (!a.bbox || a.label === undefined) return undefined;
  const label = classIndex.get(a.label);
  if (label === undefined) return undefined;
  return {
    id: a.id,
    label,
    box: a.bbox,
    ...(a.score === undefined ? {} : { score: a.score }),
    ...(a.probs === undefined ? {} : { probs: a.probs }),
    ...(a.iscrowd ? { iscrowd: true } : {}),
  };
}

interface LoadedImages {
  ids: number[];
  images: DetectionImage[];
  labels: number;
  predictions: number;
  unlabeled: number;
}

/** Every sample as a detection image: its boxes from `labels` and from `prediction`. */
async function loadImages(
  project: Project,
  samples: { id: number }[],
  labels: string,
  prediction: string,
  classIndex: Map<string, number>,
): Promise<LoadedImages> {
  // Boxes, classes, scores and probabilities only: no polygon points, masks or attributes decoded.
  const annotations = await project.store.listAnnotationGeometry([labels, prediction], {
    evaluation: true,
    shapes: false,
  });
  const bySample = new Map(samples.map((s) => [s.id, { gt: [] as DetBox[], pred: [] as DetBox[] }]));
  const out = { labels: 0, predictions: 0, unlabeled: 0 };
  for (const a of annotations) {
    const image = bySample.get(a.sampleId);
    if (!a.bbox || !image) continue;
    const box = toBox(a, classIndex);
    if (!box) {
      out.unlabeled++;
      continue;
    }
    if (a.source === labels) {
      image.gt.push(box);
      out.labels++;
    } else {
      image.pred.push(box);
      out.predictions++;
    }
  }
  if (out.labels === 0)
    throw new AssayError('INVALID_INPUT', `The source ${labels} has no boxes to check.`, {
      hint: 'Detection label issues need boxes (bbox, polygon or mask annotations) in the labels.',
    });
  const ids = [...bySample.keys()];
  return { ids, images: ids.map((id) => bySample.get(id)!), ...out };
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
  const { prediction, signal, labels: _l, ...detectOptions } = options;
  const runId = await store.startRun('detection-issues', { labels, ...detectOptions, prediction });
  try {
    const classes = await store.listClasses();
    const classIndex = new Map(classes.map((c, i) => [c.name, i]));
    const { usable: samples, skipped } = usableSamples(await store.listSamples());
    const loaded = await loadImages(project, samples, labels, prediction, classIndex);
    signal?.throwIfAborted();
    const { ids, images } = loaded;
    const result = detectionIssues(images, {
      ...detectOptions,
      className: (i) => classes[i]?.name ?? `class ${i}`,
    });
    signal?.throwIfAborted();
    const keyOf = new Map(samples.map((s) => [s.id, s.key]));
    const issues: NewIssue[] = [];
    for (const im of result.images)
      for (const x of im.issues)
        issues.push(toNewIssue(x, images[im.image]!, ids[im.image]!, im.score, prediction, classes));
    await store.replaceIssues(runId, [...DETECTION_ISSUE_TYPES], issues);
    const counts: Record<string, number> = {};
    for (const i of issues) counts[i.type] = (counts[i.type] ?? 0) + 1;
    const flagged = result.images.filter((im) => im.issues.length > 0).sort((a, b) => b.score - a.score);
    const summary: DetectionIssuesRunSummary = {
      runId,
      labels,
      prediction,
      images: images.length,
      boxes: { labels: loaded.labels, predictions: loaded.predictions },
      skipped_boxes_without_class: loaded.unlabeled,
      skipped_images: skipped,
      issues: counts,
      flagged_images: flagged.length,
      worst_images: flagged.slice(0, 20).map((im) => ({
        sample: keyOf.get(ids[im.image]!) ?? String(ids[im.image]),
        score: im.score,
        issues: im.issues.length,
      })),
    };
    await store.finishRun(runId, 'ok', { ...summary }, images.length);
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
