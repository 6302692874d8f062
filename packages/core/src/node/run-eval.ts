import { appendAll } from '../arrays/append-all.js';
import { AssayError, toAssayError } from '../errors.js';
import { evaluationIds, type ProjectObject, type SkippedObjects } from '../eval/annotations-to-coco.js';
import { NeedsWholeEvaluation } from '../eval/batch-objects.js';
import { evaluateProjectClassification } from '../eval/project-classification.js';
import {
  evaluateProjectDetectionColumns,
  evaluateProjectDetections,
  type HandedColumns,
} from '../eval/project-detection.js';
import { type EvalSpan, evaluateProjectSpans } from '../eval/project-spans.js';
import { sampleUncertainty } from '../eval/text-uncertainty.js';
import { parseLabelSource } from '../model/label-source.js';
import type { EvalMatchRow, EvalSampleRow, EvaluationSample } from '../store/project-store.js';
import { cuboidEvaluation } from './eval/cuboid-evaluation.js';
import { type DetectionBatches, detectionHead, evaluateDetectionBatches } from './eval/detection-batches.js';
import type { Project } from './project.js';

export interface RunEvalOptions {
  /** Ground-truth label source (default ground_truth). */
  gt?: string;
  /** Prediction label source, e.g. prediction:yolov8. */
  pred: string;
  /** IoU of a match for the stored outcomes and TIDE's foreground threshold (default 0.5). */
  iou?: number;
  /** Compare boxes (default) or masks/polygons. */
  iouType?: 'bbox' | 'segm';
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
  /**
   * About how many annotations one batch of the box evaluation holds (default 500,000); 0 evaluates
   * all boxes at once (the whole-columns path, which the batches must equal: tests and benches).
   */
  batchObjects?: number;
}

/** What an eval run stores as its summary (and `assay eval --json` prints, with `run_id`). */
export interface EvalRunSummary {
  run_id: number;
  gt: string;
  pred: string;
  /** Samples evaluated (every sample of the project). */
  samples: number;
  totals: { tp: number; fp: number; fn: number; ignored: number };
  /** COCO evaluation and analyses of boxes/polygons/masks, when both sources have them. */
  detection?: Record<string, unknown>;
  /** Image-level label metrics, when both sources have classification labels. */
  classification?: Record<string, unknown>;
  /** Entity-level span metrics (seqeval's counting on character offsets), when both sources have spans. */
  ner?: Record<string, unknown>;
  /** Per-sample uncertainty of the predictions on text samples (saved in sample_uncertainty for selection). */
  uncertainty?: { samples: number; mean: number; most_uncertain: { sample: string; score: number }[] };
  /** KITTI BEV and 3D AP (R40, R11) of cuboids, when both sources have them (eval/kitti/kitti-evaluation-json.ts). */
  kitti?: Record<string, unknown>;
  skipped: SkippedObjects[];
  warnings: string[];
}

const SPATIAL = new Set(['bbox', 'polygon', 'mask']);

const has = (list: ProjectObject[], spatial: boolean) =>
  list.some((a) => (spatial ? SPATIAL.has(a.kind) : a.kind === 'classification'));

async function hasSpatialKinds(project: Project, source: string): Promise<boolean> {
  const kinds = await project.store.annotationKinds(source);
  return [...SPATIAL].some((k) => (kinds[k] ?? 0) > 0);
}

function* chain<T>(lists: Iterable<T>[]): Generator<T> {
  for (const list of lists) yield* list;
}

async function checkSources(project: Project, gt: string, pred: string): Promise<void> {
  const known = (await project.store.listSources()).map((s) => s.name);
  for (const name of [gt, pred]) {
    if (known.includes(name)) continue;
    throw new AssayError('NOT_FOUND', `The project has no label source "${name}".`, {
      hint: known.length
        ? `Its sources are: ${known.join(', ')}. Import predictions with \`assay import FORMAT PATH --as prediction:NAME\`.`
        : 'Import ground truth and predictions first (`assay import`).',
    });
  }
  if (gt === pred) {
    throw new AssayError('USAGE', `--gt and --pred are the same source (${gt}).`, {
      hint: 'Compare two different sources, e.g. --gt ground_truth --pred prediction:NAME.',
    });
  }
}

function cocoSample(s: EvaluationSample, cocoId: number | undefined) {
  const { width, height } = s;
  return {
    id: s.id,
    ...(cocoId === undefined ? {} : { cocoId }),
    key: s.key,
    ...(width === undefined ? {} : { width }),
    ...(height === undefined ? {} : { height }),
  };
}

interface Part {
  summary: Record<string, unknown>;
  matches: Iterable<EvalMatchRow>;
  samples: EvalSampleRow[];
  totals: EvalRunSummary['totals'];
  skipped: SkippedObjects[];
  warnings?: string[];
}

/** Adds per-sample counts of two parts (detection and classification on the same samples). */
function mergeSamples(parts: Part[]): EvalSampleRow[] {
  const bySample = new Map<number, EvalSampleRow>();
  for (const s of parts.flatMap((p) => p.samples)) {
    const known = bySample.get(s.sampleId);
    if (known === undefined) bySample.set(s.sampleId, { ...s });
    else {
      known.tp += s.tp;
      known.fp += s.fp;
      known.fn += s.fn;
    }
  }
  return [...bySample.values()].sort((a, b) => a.sampleId - b.sampleId);
}

/**
 * `assay eval --gt SOURCE --pred prediction:NAME`: evaluates one prediction source against ground truth
 * over every sample of the project, under an `eval` run. Boxes, polygons and masks get the
 * COCO evaluation (exactly that of `assay eval coco`) and the analyses beyond it; classification
 * labels get accuracy, precision/recall/F1, top-k, confusion and calibration; text spans get entity-level
 * P/R/F1 per type as seqeval counts them (project-spans.ts); cuboids get KITTI's 2D/AOS, BEV and 3D AP
 * (cuboidEvaluation). Every object's outcome
 * and every sample's TP/FP/FN are stored (eval_matches, eval_samples), replacing those of the previous
 * run of the same pair; the metrics go into the run's summary.
 */
export async function runEval(project: Project, options: RunEvalOptions): Promise<EvalRunSummary> {
  const { store } = project;
  const gt = parseLabelSource(options.gt ?? 'ground_truth').name;
  const pred = parseLabelSource(options.pred).name;
  const iou = options.iou ?? 0.5;
  if (!(iou > 0 && iou <= 1)) {
    throw new AssayError('USAGE', `--iou ${iou} is not an IoU threshold.`, {
      hint: 'Give a number in (0, 1], e.g. 0.5.',
    });
  }
  await checkSources(project, gt, pred);
  const iouType = options.iouType ?? 'bbox';
  const runId = await store.startRun('eval', { gt, pred, iou, iou_type: iouType });
  try {
    options.onStage?.('loading annotations');
    const listing = store.listClasses();
    // What is kept of the samples through the run: their number and the text ones (issue 12: at 1M
    // samples the list itself is ~100 MB, let go once the evaluations' inputs are made).
    let samples: EvaluationSample[] | undefined = await store.listEvaluationSamples();
    const classes = await listing;
    const sampleCount = samples.length;
    const texts = new Map(samples.filter((s) => s.kind === 'text').map((s) => [s.id, s.key]));
    const parts: { detection?: Part; classification?: Part; ner?: Part } = {};
    const warnings: string[] = [];
    const detectionInput = () => {
      const ids = evaluationIds(samples!, classes);
      return {
        samples: samples!.map((s) => cocoSample(s, ids.samples.get(s.id))),
        classes: classes.map((c) => ({ id: c.id, name: c.name, cocoId: ids.classes.get(c.id)! })),
        iou,
        ...(options.signal ? { signal: options.signal } : {}),
      };
    };
    let classification: { gt: ProjectObject[]; pred: ProjectObject[] };
    let batched: DetectionBatches | undefined;
    if (iouType === 'bbox') {
      // Boxes a batch of whole images at a time (issue 12); only classification labels as objects.
      const labels = await store.listAnnotationGeometry([gt, pred], {
        evaluation: true,
        shapes: false,
        kinds: ['classification'],
      });
      if ((await hasSpatialKinds(project, gt)) && (await hasSpatialKinds(project, pred))) {
        options.onStage?.('evaluating detections');
        try {
          if (options.batchObjects === 0) throw new NeedsWholeEvaluation();
          const { head, classes: evalClasses } = detectionHead(detectionInput());
          // The batches need only the head: the samples (at 1M, ~2M objects with their keys) are let
          // go before them, or every full GC of the passes marks them again (issue 12: GC time grew
          // with the images times the batches).
          samples = undefined;
          batched = await evaluateDetectionBatches({
            store,
            gt,
            pred,
            head,
            classes: evalClasses,
            iou,
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.batchObjects === undefined ? {} : { batchObjects: options.batchObjects }),
          });
        } catch (error) {
          if (!(error instanceof NeedsWholeEvaluation)) throw error;
          samples ??= await store.listEvaluationSamples();
          // Boxes the batches cannot take (not 4 finite numbers, no area): the whole evaluation's errors and warnings.
          const columns: HandedColumns = {
            gt: await store.readAnnotationColumns(gt),
            pred: await store.readAnnotationColumns(pred),
          };
          parts.detection = evaluateProjectDetectionColumns({ ...detectionInput(), columns });
        }
      }
      classification = {
        gt: labels.filter((a) => a.source === gt),
        pred: labels.filter((a) => a.source === pred),
      };
    } else {
      const objects: ProjectObject[] = await store.listAnnotationGeometry([gt, pred], {
        evaluation: true,
        shapes: true,
      });
      const gtObjects = objects.filter((a) => a.source === gt);
      const predObjects = objects.filter((a) => a.source === pred);
      if (has(gtObjects, true) && has(predObjects, true)) {
        options.onStage?.('evaluating detections');
        parts.detection = evaluateProjectDetections({
          ...detectionInput(),
          gt: gtObjects,
          pred: predObjects,
          iouType,
        });
      }
      classification = { gt: gtObjects, pred: predObjects };
    }
    samples = undefined;
    if (has(classification.gt, false) && has(classification.pred, false)) {
      options.onStage?.('evaluating labels');
      parts.classification = evaluateProjectClassification(classes, classification.gt, classification.pred);
    }
    const [gtKinds, predKinds] = await Promise.all([store.annotationKinds(gt), store.annotationKinds(pred)]);
    if ((gtKinds.span ?? 0) > 0 && (predKinds.span ?? 0) > 0) {
      options.onStage?.('evaluating spans');
      const classIds = new Map(classes.map((c) => [c.name, c.id]));
      const spans = (await store.listAnnotations([gt, pred])).filter((a) => a.kind === 'span' && a.span);
      const asEval = (a: (typeof spans)[number]): EvalSpan => ({
        id: a.id,
        sampleId: a.sampleId,
        classId: classIds.get(a.label ?? '') ?? null,
        label: a.label ?? '',
        start: a.span!.start,
        end: a.span!.end,
        ...(a.span!.tokenStart === undefined || a.span!.tokenEnd === undefined
          ? {}
          : { tokenStart: a.span!.tokenStart, tokenEnd: a.span!.tokenEnd }),
        ...(a.score === undefined ? {} : { score: a.score }),
      });
      const ner = evaluateProjectSpans(
        spans.filter((a) => a.source === gt).map(asEval),
        spans.filter((a) => a.source === pred).map(asEval),
      );
      parts.ner = { ...ner, skipped: [] };
    }
    const kitti = await cuboidEvaluation(project, gt, pred, options);
    const all = [parts.detection, parts.classification, parts.ner, kitti].filter(
      (p): p is Part => p !== undefined,
    );
    if (all.length === 0 && kitti === undefined && batched === undefined) {
      throw new AssayError('INVALID_INPUT', `${gt} and ${pred} have nothing to compare.`, {
        hint: 'Both sources need boxes, polygons or masks (detection), cuboids (KITTI BEV/3D AP), classification labels, or text spans.',
      });
    }
    const uncertainty = await saveTextUncertainty(project, pred, runId, texts);
    options.onStage?.('saving matches');
    await store.saveEvalResults(runId, {
      gt,
      pred,
      matches: chain(all.map((p) => p.matches)),
      ...(batched ? { batches: batched.batches } : {}),
      // The batched detection part is complete once its rows are written.
      samples: () => {
        if (batched) {
          parts.detection = { ...batched.result, matches: [] };
          all.unshift(parts.detection);
        }
        return mergeSamples(all);
      },
    });
    if (parts.detection?.warnings) appendAll(warnings, parts.detection.warnings);
    const totals = { tp: 0, fp: 0, fn: 0, ignored: 0 };
    for (const p of all) for (const k of ['tp', 'fp', 'fn', 'ignored'] as const) totals[k] += p.totals[k];
    const summary: EvalRunSummary = {
      run_id: runId,
      gt,
      pred,
      samples: sampleCount,
      totals,
      ...(parts.detection ? { detection: parts.detection.summary } : {}),
      ...(parts.classification ? { classification: parts.classification.summary } : {}),
      ...(parts.ner ? { ner: parts.ner.summary } : {}),
      ...(uncertainty ? { uncertainty } : {}),
      ...(kitti ? { kitti: kitti.summary } : {}),
      skipped: all.flatMap((p) => p.skipped),
      warnings,
    };
    await store.finishRun(runId, 'ok', summary as unknown as Record<string, unknown>, sampleCount);
    return summary;
  } catch (error) {
    const e = toAssayError(error);
    const status = e.code === 'INTERRUPTED' || options.signal?.aborted ? 'interrupted' : 'failed';
    await store.finishRun(runId, status, { error: e.message });
    throw error;
  }
}

/**
 * Uncertainty of the prediction source on every text sample it predicted (class probabilities, span
 * scores), saved for selection; undefined when it predicted no text sample with either.
 */
async function saveTextUncertainty(
  project: Project,
  pred: string,
  runId: number,
  /** Key of each text sample, by id. */
  texts: ReadonlyMap<number, string>,
): Promise<EvalRunSummary['uncertainty']> {
  if (texts.size === 0) return undefined;
  const bySample = new Map<number, { probs?: number[]; spans: number[] }>();
  for (const a of await project.store.listAnnotations([pred])) {
    if (!texts.has(a.sampleId)) continue;
    const e = bySample.get(a.sampleId) ?? { spans: [] };
    if (a.kind === 'classification' && a.probs && !e.probs) e.probs = a.probs;
    if (a.kind === 'span' && a.score !== undefined) e.spans.push(a.score);
    bySample.set(a.sampleId, e);
  }
  const rows = [...bySample].flatMap(([sampleId, e]) => {
    const u = sampleUncertainty(e.probs, e.spans);
    return u ? [{ sampleId, ...u }] : [];
  });
  if (rows.length === 0) return undefined;
  await project.store.saveUncertainty(pred, runId, rows);
  const ranked = [...rows].sort((a, b) => b.score - a.score || a.sampleId - b.sampleId);
  return {
    samples: rows.length,
    mean: rows.reduce((n, r) => n + r.score, 0) / rows.length,
    most_uncertain: ranked.slice(0, 10).map((r) => ({ sample: texts.get(r.sampleId)!, score: r.score })),
  };
}
