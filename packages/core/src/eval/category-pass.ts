import type { BatchObjects, CocoHead } from './batch-objects.js';
import { type Calibration, calibration } from './calibration.js';
import { type CocoClassResult, cocoPerClass, evaluateCoco } from './coco/evaluate-coco.js';
import { evaluateImages } from './coco/evaluate-images.js';
import { summarize } from './coco/summarize.js';
import type { CocoAccumulated, CocoEvalParams, CocoSummary } from './coco/types.js';
import { MATCH_OUTCOMES, type MatchOutcomes, matchOutcomes } from './match-outcomes.js';

/**
 * The COCO evaluation of a project one batch of classes at a time (issue 12). pycocotools evaluates
 * and accumulates every category on its own (its (category, image) groups, its detections ranked over
 * the images), so a batch of categories evaluated alone gives exactly those categories' slices of
 * `precision`, `recall` and `scores`; the slices are put together into the whole evaluation's
 * arrays, which the summary, the per-class table and the PR curves read as before. Calibration (TP/FP
 * at the run's IoU, area "all") is fed in annotation-id order, the order of the whole evaluation, so
 * its sums are the same to the last bit.
 */
export class CategoryPass {
  private params: CocoEvalParams | undefined;
  private precision: Float64Array | undefined;
  private recall: Float64Array | undefined;
  private scores: Float64Array | undefined;
  private readonly perClass: CocoClassResult[] = [];
  private readonly points: IdOrderedPoints;

  /** `predictions`: at most how many predictions the batches hold (calibration's capacity). */
  constructor(
    private readonly head: CocoHead,
    private readonly iou: number,
    predictions: number,
  ) {
    this.points = new IdOrderedPoints(predictions);
  }

  /** Evaluates the categories [k0, k0 + count) of the head from their objects (category positions local to the batch). */
  add(k0: number, count: number, gt: BatchObjects, dt: BatchObjects, signal?: AbortSignal): void {
    const { head, iou } = this;
    const categories = {
      count,
      ids: head.categories.ids.slice(k0, k0 + count),
      names: head.categories.names.slice(k0, k0 + count),
    };
    const dataset = { images: head.images, categories, gt: gt.objects, warnings: [] };
    const detections = { dt: dt.objects, warnings: [] };
    const counts = { gt: gt.objects.count, dt: dt.objects.count };
    let outcomes: MatchOutcomes | undefined;
    const ev = evaluateCoco(dataset, detections, {
      iouType: 'bbox',
      keepAreas: 0,
      onMatches: (a, matches, images) => {
        if (a === 0 && standardIou(images.params.iouThrs, iou))
          outcomes = matchOutcomes(images, counts, iou, matches);
      },
      ...(signal ? { signal } : {}),
    });
    if (outcomes === undefined) {
      const params = {
        ...ev.params,
        iouThrs: Float64Array.of(iou),
        areaRanges: [ev.params.areaRanges[0]!],
        areaLabels: ['all'],
      };
      outcomes = matchOutcomes(
        evaluateImages(dataset, dt.objects, params, signal ? { signal } : {}),
        counts,
        iou,
      );
    }
    ev.images.release();
    const tp = MATCH_OUTCOMES.indexOf('tp');
    const fp = MATCH_OUTCOMES.indexOf('fp');
    for (let d = 0; d < counts.dt; d++) {
      const o = outcomes.dtOutcome[d];
      if (o === tp || o === fp) this.points.push(dt.kept.ids[d]!, dt.objects.scores[d]!, o === tp);
    }
    this.place(k0, ev.accumulated);
    for (const row of cocoPerClass(ev.accumulated, dataset, detections)) this.perClass.push(row);
  }

  /** Copies a batch's slices into the whole evaluation's arrays ([T, R, K, A, M], recall [T, K, A, M]). */
  private place(k0: number, acc: CocoAccumulated): void {
    const [T, R, Kb, A, M] = acc.counts;
    const K = this.head.categories.count;
    if (this.params === undefined) {
      this.params = acc.params;
      this.precision = new Float64Array(T * R * K * A * M).fill(-1);
      this.scores = new Float64Array(T * R * K * A * M).fill(-1);
      this.recall = new Float64Array(T * K * A * M).fill(-1);
    }
    const block = A * M;
    for (let t = 0; t < T; t++) {
      for (let kb = 0; kb < Kb; kb++) {
        const from = (t * Kb + kb) * block;
        this.recall!.set(acc.recall.subarray(from, from + block), (t * K + k0 + kb) * block);
        for (let r = 0; r < R; r++) {
          const src = ((t * R + r) * Kb + kb) * block;
          const dst = ((t * R + r) * K + k0 + kb) * block;
          this.precision!.set(acc.precision.subarray(src, src + block), dst);
          this.scores!.set(acc.scores.subarray(src, src + block), dst);
        }
      }
    }
  }

  /** The whole evaluation, once every category has been added (in category order). */
  finish(bins?: number): {
    params: CocoEvalParams;
    accumulated: CocoAccumulated;
    summary: CocoSummary;
    perClass: CocoClassResult[];
    calibration: Calibration;
  } {
    if (this.params === undefined) throw new Error('CategoryPass.finish: no category was added');
    const p = this.params;
    const accumulated: CocoAccumulated = {
      params: p,
      counts: [
        p.iouThrs.length,
        p.recThrs.length,
        this.head.categories.count,
        p.areaRanges.length,
        p.maxDets.length,
      ],
      precision: this.precision!,
      recall: this.recall!,
      scores: this.scores!,
    };
    const [confidence, correct] = this.points.inIdOrder();
    return {
      params: p,
      accumulated,
      summary: summarize(accumulated),
      perClass: this.perClass,
      calibration: calibration(confidence, correct, bins === undefined ? {} : { bins }),
    };
  }
}

/** Whether `iou` is one of the evaluation's thresholds (else the outcomes need their own matching). */
export function standardIou(thresholds: Float64Array, iou: number): boolean {
  return Array.from(thresholds).some((t) => Math.abs(t - iou) < 1e-9);
}

/** (annotation id, confidence, correct) points pushed in any order, read back in id order. */
class IdOrderedPoints {
  private n = 0;
  private readonly ids: Float64Array;
  private readonly confidence: Float64Array;
  private readonly correct: Uint8Array;

  constructor(capacity: number) {
    this.ids = new Float64Array(capacity);
    this.confidence = new Float64Array(capacity);
    this.correct = new Uint8Array(capacity);
  }

  push(id: number, confidence: number, correct: boolean): void {
    const i = this.n++;
    this.ids[i] = id;
    this.confidence[i] = confidence;
    this.correct[i] = correct ? 1 : 0;
  }

  /** Confidences and correct flags in id order (ids are unique: each point goes to its id's rank). */
  inIdOrder(): [Float64Array, Uint8Array] {
    const n = this.n;
    const sorted = this.ids.slice(0, n).sort();
    const confidence = new Float64Array(n);
    const correct = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const id = this.ids[i]!;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < id) lo = mid + 1;
        else hi = mid;
      }
      confidence[lo] = this.confidence[i]!;
      correct[lo] = this.correct[i]!;
    }
    return [confidence, correct];
  }
}
