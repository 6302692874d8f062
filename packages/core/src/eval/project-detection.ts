import type { AnnotationColumns } from '../store/annotation-columns.js';
import type { EvalMatchRow, EvalSampleRow } from '../store/project-store.js';
import {
  type AnnotationsToCocoInput,
  annotationsToCoco,
  type SkippedObjects,
} from './annotations-to-coco.js';
import { evaluateCoco } from './coco/evaluate-coco.js';
import { evaluateImages } from './coco/evaluate-images.js';
import { loadCocoDetections } from './coco/load-detections.js';
import { loadCocoGroundTruth } from './coco/load-ground-truth.js';
import {
  type ColumnsCoco,
  type ColumnsToCocoInput,
  columnsToCoco,
  type KeptObjects,
} from './columns-to-coco.js';
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
  /** Every object's stored row, made while it is written (iterate once). */
  matches: Iterable<EvalMatchRow>;
  samples: EvalSampleRow[];
  totals: { tp: number; fp: number; fn: number; ignored: number };
  skipped: SkippedObjects[];
  warnings: string[];
}

/** Whether `iou` is one of the evaluation's thresholds (else the outcomes need their own matching). */
function standardIou(thresholds: Float64Array, iou: number): boolean {
  return Array.from(thresholds).some((t) => Math.abs(t - iou) < 1e-9);
}

interface RowsInput {
  outcomes: MatchOutcomes;
  /** Annotation id, sample and score of each ground-truth and detection object. */
  gt: KeptObjects;
  dt: KeptObjects;
  classIds: { gt: Float64Array; dt: Float64Array };
  errors: { gt?: Int8Array; dt?: Int8Array };
}

/**
 * TP/FP/FN per sample and in total (TP and FP counted on detections, FN on ground truth), and the
 * stored row of every object as a lazy sequence: rows are made one at a time while they are written.
 */
function rowsOf(r: RowsInput): Pick<ProjectDetectionResult, 'matches' | 'samples' | 'totals'> {
  const { outcomes: o } = r;
  const perSample = new Map<number, EvalSampleRow>();
  const totals = { tp: 0, fp: 0, fn: 0, ignored: 0 };
  const count = (role: 'gt' | 'pred', i: number) => {
    const gt = role === 'gt';
    const sampleId = (gt ? r.gt : r.dt).sampleIds[i]!;
    const outcome = MATCH_OUTCOMES[(gt ? o.gtOutcome : o.dtOutcome)[i]!]!;
    let s = perSample.get(sampleId);
    if (s === undefined) {
      s = { sampleId, tp: 0, fp: 0, fn: 0 };
      perSample.set(sampleId, s);
    }
    if (outcome === 'ignored') totals.ignored++;
    else if (gt ? outcome === 'fn' : outcome !== 'fn') {
      totals[outcome]++;
      s[outcome]++;
    }
  };
  for (let i = 0; i < r.gt.ids.length; i++) count('gt', i);
  for (let i = 0; i < r.dt.ids.length; i++) count('pred', i);
  const samples = [...perSample.values()].sort((a, b) => a.sampleId - b.sampleId);
  return { matches: matchRows(r), samples, totals };
}

function* matchRows(r: RowsInput): Generator<EvalMatchRow> {
  const { outcomes: o } = r;
  for (const role of ['gt', 'pred'] as const) {
    const gt = role === 'gt';
    const own = gt ? r.gt : r.dt;
    const other = gt ? r.dt : r.gt;
    for (let i = 0; i < own.ids.length; i++) {
      const match = (gt ? o.gtMatch : o.dtMatch)[i]!;
      const error = (gt ? r.errors.gt : r.errors.dt)?.[i] ?? -1;
      const iou = (gt ? o.gtIou : o.dtIou)[i]!;
      const score = own.scores[i]!;
      yield {
        annotationId: own.ids[i]!,
        sampleId: own.sampleIds[i]!,
        role,
        classId: (gt ? r.classIds.gt : r.classIds.dt)[i]!,
        score: gt || Number.isNaN(score) ? null : score,
        matchedId: match < 0 ? null : other.ids[match]!,
        iou: Number.isNaN(iou) ? null : iou,
        outcome: MATCH_OUTCOMES[(gt ? o.gtOutcome : o.dtOutcome)[i]!]!,
        error: error < 0 ? null : TIDE_ERROR_TYPES[error]!,
      };
    }
  }
}

/** Annotation id, sample and score of the objects annotationsToCoco kept, in its order. */
function keptObjects(objectIds: number[], objects: ProjectDetectionInput['gt']): KeptObjects {
  const byId = new Map(objects.map((a) => [a.id, a]));
  const kept: KeptObjects = {
    ids: Float64Array.from(objectIds),
    sampleIds: new Int32Array(objectIds.length),
    scores: new Float64Array(objectIds.length).fill(Number.NaN),
  };
  objectIds.forEach((id, i) => {
    const a = byId.get(id)!;
    kept.sampleIds[i] = a.sampleId;
    if (a.score !== undefined) kept.scores[i] = a.score;
  });
  return kept;
}

/** Evaluates a project's predictions against its ground truth (see the file comment). */
export function evaluateProjectDetections(input: ProjectDetectionInput): ProjectDetectionResult {
  const coco = annotationsToCoco(input);
  const { iouType } = input;
  const dataset = loadCocoGroundTruth(coco.groundTruth, { iouType, file: 'ground truth' });
  const detections = loadCocoDetections(coco.results, dataset, { iouType, file: 'predictions' });
  return evaluateLoaded(
    {
      dataset,
      detections,
      gt: keptObjects(coco.gtIds, input.gt),
      dt: keptObjects(coco.resultIds, input.pred),
      skipped: coco.skipped,
    },
    input,
  );
}

/** Typed columns handed over to an evaluation, which lets them go once converted. */
export interface HandedColumns {
  gt?: AnnotationColumns;
  pred?: AnnotationColumns;
}

/**
 * The box evaluation of a project from typed columns (columnsToCoco): the same result as
 * evaluateProjectDetections with iouType bbox, without an object per annotation. The columns are
 * taken out of `columns` once converted, so they are not held through the evaluation.
 */
export function evaluateProjectDetectionColumns(
  input: Omit<ColumnsToCocoInput, 'gt' | 'pred'> & {
    columns: HandedColumns;
    iou?: number;
    signal?: AbortSignal;
  },
): ProjectDetectionResult {
  const { columns, ...rest } = input;
  if (!columns.gt || !columns.pred) throw new Error('evaluateProjectDetectionColumns: columns already taken');
  const loaded = columnsToCoco({ ...rest, gt: columns.gt, pred: columns.pred });
  columns.gt = undefined;
  columns.pred = undefined;
  return evaluateLoaded(loaded, { ...rest, iouType: 'bbox' });
}

function evaluateLoaded(
  loaded: ColumnsCoco,
  input: Pick<ProjectDetectionInput, 'classes' | 'iouType' | 'iou' | 'signal'>,
): ProjectDetectionResult {
  const iou = input.iou ?? 0.5;
  const { iouType, signal } = input;
  const { dataset, detections } = loaded;
  const counts = { gt: dataset.gt.count, dt: detections.dt.count };
  // The outcomes are read from the "all" range's matches while accumulate holds them, so that no
  // range's matches are kept through the evaluation (one range's at a time: issue 12).
  let fromMatches: MatchOutcomes | undefined;
  const ev = evaluateCoco(dataset, detections, {
    iouType,
    keepAreas: 0,
    onMatches: (a, matches, images) => {
      if (a === 0 && standardIou(images.params.iouThrs, iou))
        fromMatches = matchOutcomes(images, counts, iou, matches);
    },
    ...(signal ? { signal } : {}),
  });
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
  const outcomes = fromMatches ?? matchOutcomes(at(), counts, iou);
  // Only params and the accumulated curves are read from here on: the IoUs and matches can go (issue 12).
  ev.images.release();
  const analyses = detectionAnalyses(
    { dataset, dt: detections.dt, evaluated: ev.images, accumulated: ev.accumulated },
    { iou, outcomes, ...(signal ? { signal } : {}) },
  );
  const classOf = new Map(input.classes.map((c) => [c.cocoId ?? c.id, c.id]));
  const projectClassIds = (ids: Float64Array) => ids.map((id) => classOf.get(id) ?? Number.NaN);
  const rows = rowsOf({
    outcomes,
    gt: loaded.gt,
    dt: loaded.dt,
    classIds: { gt: projectClassIds(dataset.gt.categoryIds), dt: projectClassIds(detections.dt.categoryIds) },
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
  return { summary, ...rows, skipped: loaded.skipped, warnings };
}
