import type { EvalMatchRow, EvalSampleRow } from '../store/project-store.js';
import {
  type AnnotationsToCocoInput,
  annotationsToCoco,
  type SkippedObjects,
} from './annotations-to-coco.js';
import type { CocoEvaluation } from './coco/evaluate-coco.js';
import { evaluateCoco } from './coco/evaluate-coco.js';
import { evaluateImages } from './coco/evaluate-images.js';
import { loadCocoDetections } from './coco/load-detections.js';
import { loadCocoGroundTruth } from './coco/load-ground-truth.js';
import type { CocoEvalImages } from './coco/types.js';
import { detectionAnalyses, detectionAnalysesJson } from './detection-analyses.js';
import { MATCH_OUTCOMES, type MatchOutcomes, matchOutcomes } from './match-outcomes.js';
import { TIDE_ERROR_TYPES } from './tide.js';

/**
 * Project-mode detection evaluation: the project's ground truth and predictions go through the COCO
 * evaluator exactly as files would (see annotations-to-coco.ts), then the analyses beyond pycocotools;
 * every object gets its outcome at the run's IoU (the COCO matching at that threshold; an IoU that is
 * not one of COCO's ten is evaluated at that threshold alone) and its TIDE error type (TIDE's
 * foreground IoU = the run's IoU), and every sample its TP/FP/FN counts.
 */
export interface ProjectDetectionInput extends AnnotationsToCocoInput {
  /** IoU of a match for the stored outcomes (default 0.5). */
  iou?: number;
  signal?: AbortSignal;
}

export interface ProjectDetectionResult {
  /** JSON for the run summary and `--json`. */
  summary: Record<string, unknown>;
  matches: EvalMatchRow[];
  samples: EvalSampleRow[];
  totals: { tp: number; fp: number; fn: number; ignored: number };
  skipped: SkippedObjects[];
  warnings: string[];
}

/** Outcomes at `iou`: read from the main evaluation when it is one of its thresholds, else evaluated. */
function outcomesAt(
  ev: CocoEvaluation,
  run: () => CocoEvalImages,
  counts: { gt: number; dt: number },
  iou: number,
) {
  const standard = Array.from(ev.params.iouThrs).some((t) => Math.abs(t - iou) < 1e-9);
  return matchOutcomes(standard ? ev.images : run(), counts, iou);
}

interface RowsInput {
  outcomes: MatchOutcomes;
  /** Annotation id and class id of each ground-truth and detection object. */
  ids: { gt: number[]; dt: number[] };
  classIds: { gt: Float64Array; dt: Float64Array };
  objects: ProjectDetectionInput['gt'];
  errors: { gt?: Int8Array; dt?: Int8Array };
}

/** One stored row per object, TP/FP/FN per sample (TP and FP counted on detections, FN on ground truth). */
function rowsOf(r: RowsInput): Pick<ProjectDetectionResult, 'matches' | 'samples' | 'totals'> {
  const { outcomes: o, ids } = r;
  const sampleOf = new Map(r.objects.map((a) => [a.id, a]));
  const perSample = new Map<number, EvalSampleRow>();
  const totals = { tp: 0, fp: 0, fn: 0, ignored: 0 };
  const matches: EvalMatchRow[] = [];
  const add = (role: 'gt' | 'pred', i: number) => {
    const gt = role === 'gt';
    const id = (gt ? ids.gt : ids.dt)[i]!;
    const a = sampleOf.get(id)!;
    const outcome = MATCH_OUTCOMES[(gt ? o.gtOutcome : o.dtOutcome)[i]!]!;
    const match = (gt ? o.gtMatch : o.dtMatch)[i]!;
    const error = (gt ? r.errors.gt : r.errors.dt)?.[i] ?? -1;
    const iou = (gt ? o.gtIou : o.dtIou)[i]!;
    matches.push({
      annotationId: id,
      sampleId: a.sampleId,
      role,
      classId: (gt ? r.classIds.gt : r.classIds.dt)[i]!,
      score: gt ? null : (a.score ?? null),
      matchedId: match < 0 ? null : (gt ? ids.dt : ids.gt)[match]!,
      iou: Number.isNaN(iou) ? null : iou,
      outcome,
      error: error < 0 ? null : TIDE_ERROR_TYPES[error]!,
    });
    const s = perSample.get(a.sampleId) ?? { sampleId: a.sampleId, tp: 0, fp: 0, fn: 0 };
    perSample.set(a.sampleId, s);
    if (outcome === 'ignored') totals.ignored++;
    else if (gt ? outcome === 'fn' : outcome !== 'fn') {
      totals[outcome]++;
      s[outcome]++;
    }
  };
  for (let i = 0; i < ids.gt.length; i++) add('gt', i);
  for (let i = 0; i < ids.dt.length; i++) add('pred', i);
  const samples = [...perSample.values()].sort((a, b) => a.sampleId - b.sampleId);
  return { matches, samples, totals };
}

/** Evaluates a project's predictions against its ground truth (see the file comment). */
export function evaluateProjectDetections(input: ProjectDetectionInput): ProjectDetectionResult {
  const iou = input.iou ?? 0.5;
  const coco = annotationsToCoco(input);
  const { iouType, signal } = input;
  const dataset = loadCocoGroundTruth(coco.groundTruth, { iouType, file: 'ground truth' });
  const detections = loadCocoDetections(coco.results, dataset, { iouType, file: 'predictions' });
  const ev = evaluateCoco(dataset, detections, { iouType, ...(signal ? { signal } : {}) });
  const counts = { gt: dataset.gt.count, dt: detections.dt.count };
  const at = () =>
    evaluateImages(
      dataset,
      detections.dt,
      {
        ...ev.params,
        iouThrs: Float64Array.of(iou),
        areaRanges: [ev.params.areaRanges[0]!],
        areaLabels: ['all'],
      },
      signal ? { signal } : {},
    );
  const outcomes = outcomesAt(ev, at, counts, iou);
  const analyses = detectionAnalyses(
    { dataset, dt: detections.dt, evaluated: ev.images, accumulated: ev.accumulated },
    { iou, outcomes, ...(signal ? { signal } : {}) },
  );
  const classOf = new Map(input.classes.map((c) => [c.cocoId ?? c.id, c.id]));
  const projectClassIds = (ids: Float64Array) => ids.map((id) => classOf.get(id) ?? Number.NaN);
  const rows = rowsOf({
    outcomes,
    ids: { gt: coco.gtIds, dt: coco.resultIds },
    classIds: { gt: projectClassIds(dataset.gt.categoryIds), dt: projectClassIds(detections.dt.categoryIds) },
    objects: [...input.gt, ...input.pred],
    errors: analyses.tide ? { gt: analyses.tide.gtError, dt: analyses.tide.dtError } : {},
  });
  const warnings = [...dataset.warnings, ...detections.warnings];
  const summary = {
    iou_type: iouType,
    iou: outcomes.iou_threshold,
    images: dataset.images.count,
    stats: ev.summary.stats,
    lines: ev.summary.lines.map((l) => l.text),
    per_class: ev.perClass,
    totals: rows.totals,
    ...detectionAnalysesJson(analyses, dataset.categories.names),
  };
  return { summary, ...rows, skipped: coco.skipped, warnings };
}
