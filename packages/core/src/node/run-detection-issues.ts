import {
  DETECTION_ISSUE_TYPES,
  type DetectionIssue,
  type DetectionIssuesOptions,
  detectionIssuesOver,
} from '../detection-issues/detection-issues.js';
import type { DetBox, DetectionImage } from '../detection-issues/match-boxes.js';
import { AssayError } from '../errors.js';
import type { AnnotationColumns } from '../store/annotation-columns.js';
import type { NewIssue } from '../store/project-store.js';
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

interface LoadedImages {
  count: number;
  /** The boxes of image i (made on each call; only one image's are held at a time). */
  imageAt: (i: number) => DetectionImage;
  labels: number;
  predictions: number;
  unlabeled: number;
}

/** Rows of one source's columns grouped by sample position (counting sort; id order within a sample). */
interface Grouped {
  columns: AnnotationColumns;
  start: Int32Array;
  order: Int32Array;
  /** Class position (index in the class list) per row, -1 without a usable class. */
  label: Int32Array;
}

function groupRows(
  columns: AnnotationColumns,
  position: Map<number, number>,
  classPosition: Map<number, number>,
  count: { boxes: number; unlabeled: number },
): Grouped {
  const samples = position.size;
  const start = new Int32Array(samples + 1);
  const at = new Int32Array(columns.n).fill(-1);
  const label = new Int32Array(columns.n).fill(-1);
  for (let i = 0; i < columns.n; i++) {
    const s = position.get(columns.sampleId[i]!);
    if (columns.hasBox[i] === 0 || s === undefined) continue;
    const c = classPosition.get(columns.classId[i]!);
    if (c === undefined) {
      count.unlabeled++;
      continue;
    }
    label[i] = c;
    at[i] = s;
    start[s + 1]!++;
    count.boxes++;
  }
  for (let s = 0; s < samples; s++) start[s + 1]! += start[s]!;
  const next = start.slice(0, samples);
  const order = new Int32Array(start[samples]!);
  for (let i = 0; i < columns.n; i++) if (at[i]! >= 0) order[next[at[i]!]!++] = i;
  return { columns, start, order, label };
}

/** The boxes of one sample position, as the detection issues read them. */
function boxesOf(g: Grouped, s: number): DetBox[] {
  const c = g.columns;
  const out: DetBox[] = [];
  for (let k = g.start[s]!; k < g.start[s + 1]!; k++) {
    const i = g.order[k]!;
    const box: DetBox = { id: c.id[i]!, label: g.label[i]!, box: [c.x[i]!, c.y[i]!, c.w[i]!, c.h[i]!] };
    if (!Number.isNaN(c.score[i]!)) box.score = c.score[i]!;
    if (c.hasProbs?.[i]) box.probs = Array.from(c.probs!.subarray(c.probsStart![i]!, c.probsStart![i + 1]!));
    if (c.iscrowd[i]) box.iscrowd = true;
    out.push(box);
  }
  return out;
}

/** Every sample as a detection image: its boxes from `labels` and from `prediction`, read as columns. */
async function loadImages(
  project: Project,
  samples: { id: number }[],
  labels: string,
  prediction: string,
  classes: { id: number }[],
): Promise<LoadedImages> {
  // Boxes, classes, scores and probabilities only, as typed columns (one after the other: a streamed
  // read ends when the connection runs another query).
  const gtColumns = await project.store.readAnnotationColumns(labels);
  const predColumns = await project.store.readAnnotationColumns(prediction, { probs: true });
  const position = new Map(samples.map((s, i) => [s.id, i]));
  const classPosition = new Map(classes.map((c, i) => [c.id, i]));
  const gtCount = { boxes: 0, unlabeled: 0 };
  const predCount = { boxes: 0, unlabeled: 0 };
  const gt = groupRows(gtColumns, position, classPosition, gtCount);
  const pred = groupRows(predColumns, position, classPosition, predCount);
  if (gtCount.boxes === 0)
    throw new AssayError('INVALID_INPUT', `The source ${labels} has no boxes to check.`, {
      hint: 'Detection label issues need boxes (bbox, polygon or mask annotations) in the labels.',
    });
  return {
    count: samples.length,
    imageAt: (i) => ({ gt: boxesOf(gt, i), pred: boxesOf(pred, i) }),
    labels: gtCount.boxes,
    predictions: predCount.boxes,
    unlabeled: gtCount.unlabeled + predCount.unlabeled,
  };
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
    const { usable: samples, skipped } = usableSamples(await store.listSamples());
    const loaded = await loadImages(project, samples, labels, prediction, classes);
    signal?.throwIfAborted();
    const ids = samples.map((s) => s.id);
    const result = detectionIssuesOver(loaded.count, loaded.imageAt, {
      ...detectOptions,
      className: (i) => classes[i]?.name ?? `class ${i}`,
    });
    signal?.throwIfAborted();
    const keyOf = new Map(samples.map((s) => [s.id, s.key]));
    const issues: NewIssue[] = [];
    for (const im of result.images) {
      const image = loaded.imageAt(im.image);
      for (const x of im.issues)
        issues.push(toNewIssue(x, image, ids[im.image]!, im.score, prediction, classes));
    }
    await store.replaceIssues(runId, [...DETECTION_ISSUE_TYPES], issues);
    const counts: Record<string, number> = {};
    for (const i of issues) counts[i.type] = (counts[i.type] ?? 0) + 1;
    const flagged = result.images.filter((im) => im.issues.length > 0).sort((a, b) => b.score - a.score);
    const summary: DetectionIssuesRunSummary = {
      runId,
      labels,
      prediction,
      images: loaded.count,
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
    await store.finishRun(runId, 'ok', { ...summary }, loaded.count);
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
