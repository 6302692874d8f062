import { type Calibration, calibration } from './calibration.js';
import { evaluateImages } from './coco/evaluate-images.js';
import type { CocoAccumulated, CocoEvalDataset, CocoEvalImages, CocoObjects } from './coco/types.js';
import { WasmCurves } from './coco/wasm/wasm-curves.js';
import { type DetectionConfusion, detectionConfusion } from './confusion.js';
import { scenesFromCocoEval } from './detection-scenes.js';
import { detectionOutcomes, MATCH_OUTCOMES, type MatchOutcomes } from './match-outcomes.js';
import { pooledScenes } from './pooled-scenes.js';
import { type PrCurves, prCurves } from './pr-curves.js';
import { scoreRanks } from './score-ranks.js';
import { type TideResult, tideErrors } from './tide.js';

/**
 * The analyses beyond pycocotools, over one COCO evaluation: TIDE errors and the detection confusion
 * matrix (both across classes, from a second `evaluateImages` with categories pooled, one area range
 * and one threshold), per-class PR curves (from `accumulate`) and the calibration of detection scores
 * (a detection is correct when it is a true positive of the COCO matching at the IoU threshold, area
 * "all"; ignored detections are left out). One IoU threshold (`iou`, default 0.5) is used by every
 * analysis that takes one: TIDE's foreground IoU, the confusion matrix and calibration. The PR curves
 * are drawn at `prIous`. TIDE and the confusion matrix need boxes or masks: keypoint evaluations get neither.
 */
export interface DetectionAnalysesInput {
  dataset: CocoEvalDataset;
  dt: CocoObjects;
  /** The evaluation itself (`evaluateImages` with the default parameters). */
  evaluated: CocoEvalImages;
  accumulated: CocoAccumulated;
}

export interface DetectionAnalysesOptions {
  /** The IoU of a match for TIDE (foreground; its background IoU is 0.1), confusion and calibration (default 0.5). */
  iou?: number;
  /** Outcomes at `iou` when the caller has them already (else read from `evaluated` or evaluated again). */
  outcomes?: MatchOutcomes;
  /** Confusion matrix score threshold (default 0.5). */
  confusionScore?: number;
  /** Calibration bins (default 10). */
  bins?: number;
  /** IoU thresholds of the PR curves (default [0.5, 0.75]). */
  prIous?: number[];
  /**
   * Release `evaluated` (CocoEvalImages.release) once the outcomes are read from it: the caller reads
   * no more of its IoUs and matches, and the kernels of TIDE and the confusion matrix reuse their memory.
   */
  releaseEvaluated?: boolean;
  /**
   * Empty `accumulated`'s arrays once the PR curves are read from them (WasmCurves.releaseAccumulated):
   * the caller reads no more of them, and TIDE's and the confusion matrix's kernels reuse their memory.
   */
  releaseAccumulated?: boolean;
  signal?: AbortSignal;
}

export interface DetectionAnalyses {
  /** The IoU threshold TIDE, the confusion matrix and calibration used. */
  iou: number;
  /** With per-object error arrays (dtError / gtError); absent for keypoints. */
  tide?: TideResult;
  confusion?: DetectionConfusion;
  prCurves: PrCurves;
  calibration: Calibration;
}

/**
 * The detections' outcome codes at `iou` (MatchOutcomes' dtOutcome): from the evaluation when it is one
 * of its thresholds, else matched again at it.
 */
function outcomesAt(input: DetectionAnalysesInput, iou: number, signal?: AbortSignal): Uint8Array {
  const { dataset, dt, evaluated } = input;
  if (Array.from(evaluated.params.iouThrs).some((t) => Math.abs(t - iou) < 1e-9))
    return detectionOutcomes(evaluated, dt.count, iou);
  const params = {
    ...evaluated.params,
    iouThrs: Float64Array.of(iou),
    areaRanges: [evaluated.params.areaRanges[0]!],
    areaLabels: ['all'],
  };
  return detectionOutcomes(
    evaluateImages(dataset, dt, params, signal === undefined ? {} : { signal }),
    dt.count,
    iou,
  );
}

const TP = MATCH_OUTCOMES.indexOf('tp');
const FP = MATCH_OUTCOMES.indexOf('fp');

/** Score and correctness (a true positive) of each true or false positive, in detection order. */
function scoredOutcomes(outcome: Uint8Array, scores: Float64Array, n: number) {
  let count = 0;
  for (let d = 0; d < n; d++) if (outcome[d] === TP || outcome[d] === FP) count++;
  const confidence = new Float64Array(count);
  const correct = new Uint8Array(count);
  let at = 0;
  for (let d = 0; d < n; d++) {
    const o = outcome[d];
    if (o !== TP && o !== FP) continue;
    confidence[at] = scores[d]!;
    correct[at++] = o === TP ? 1 : 0;
  }
  return { confidence, correct };
}

/** Runs every analysis beyond pycocotools (see the file comment). */
export function detectionAnalyses(
  input: DetectionAnalysesInput,
  options: DetectionAnalysesOptions = {},
): DetectionAnalyses {
  const { dt, evaluated, accumulated } = input;
  const iou = options.iou ?? 0.5;
  const dtOutcome = options.outcomes?.dtOutcome ?? outcomesAt(input, iou, options.signal);
  if (options.releaseEvaluated) evaluated.release();
  const { confidence, correct } = scoredOutcomes(dtOutcome, dt.scores, dt.count);
  const out: DetectionAnalyses = {
    iou,
    prCurves: prCurves(accumulated, options.prIous === undefined ? {} : { ious: options.prIous }),
    calibration: calibration(confidence, correct, options.bins === undefined ? {} : { bins: options.bins }),
  };
  if (options.releaseAccumulated) WasmCurves.releaseAccumulated(accumulated);
  if (evaluated.params.iouType === 'keypoints') return out;
  const scenes = scenesOf(input, options.signal);
  // The evaluation's ranking of every detection orders TIDE's points too (its scenes' detections are dt's).
  const ranks = evaluated.scoreOrder && scoreRanks(dt.scores, evaluated.scoreOrder);
  out.tide = tideErrors(scenes, { posThreshold: iou, ...(ranks ? { ranks } : {}) });
  out.confusion = detectionConfusion(scenes, {
    iouThreshold: iou,
    scoreThreshold: options.confusionScore ?? 0.5,
  });
  return out;
}

/** The analyses as JSON (`assay eval --json` and the run summary); `categoryNames` of the dataset, in order. */
/** Every detection of an image against all its ground truth (classes pooled): TIDE's and the confusion's input. */
function scenesOf(input: DetectionAnalysesInput, signal: AbortSignal | undefined) {
  const { dataset, dt, evaluated } = input;
  const direct = pooledScenes(dataset, dt, evaluated.params, 100, signal, evaluated.scoreOrder);
  if (direct !== undefined) return direct;
  // The pooled evaluation is dropped once its IoUs are copied into the scenes (in score order).
  const pooled = evaluateImages(
    dataset,
    dt,
    {
      ...evaluated.params,
      useCats: false,
      maxDets: [Number.MAX_SAFE_INTEGER],
      iouThrs: Float64Array.of(0.5),
      areaRanges: [evaluated.params.areaRanges[0]!],
      areaLabels: ['all'],
    },
    { keepAreas: 0, ...(signal === undefined ? {} : { signal }) },
  );
  return scenesFromCocoEval(pooled, dataset.gt, dt, dataset.categories.count, 100, true);
}

export function detectionAnalysesJson(a: DetectionAnalyses, categoryNames: readonly string[]) {
  const name = (k: number) => categoryNames[k] ?? String(k);
  return {
    ...(a.tide === undefined
      ? {}
      : {
          tide: {
            pos_threshold: a.tide.pos_threshold,
            bg_threshold: a.tide.bg_threshold,
            ap: a.tide.ap,
            dap: a.tide.dap,
            special: a.tide.special,
            counts: a.tide.counts,
          },
        }),
    ...(a.confusion === undefined
      ? {}
      : { confusion: { ...a.confusion, labels: [...categoryNames.map((_, k) => name(k)), 'background'] } }),
    pr_curves: {
      ...a.prCurves,
      curves: a.prCurves.curves.map((c) => ({
        name: a.prCurves.use_cats ? name(c.category_index) : 'all',
        ...c,
      })),
    },
    calibration: { iou_threshold: a.iou, ...a.calibration },
  };
}
