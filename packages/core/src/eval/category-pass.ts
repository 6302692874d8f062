import type { BatchObjects, CocoHead } from './batch-objects.js';
import { type Calibration, calibration } from './calibration.js';
import { ColumnAccumulator } from './coco/accumulate-columns.js';
import { type CocoClassResult, countPerCategory, perClassRows } from './coco/evaluate-coco.js';
import { evaluateImages } from './coco/evaluate-images.js';
import { defaultCocoParams } from './coco/params.js';
import { summarize } from './coco/summarize.js';
import type { CocoAccumulated, CocoEvalParams, CocoSummary } from './coco/types.js';
import { MATCH_OUTCOMES, type MatchOutcomes, matchOutcomes } from './match-outcomes.js';

/**
 * The COCO evaluation of a project one batch of whole images at a time, in image order (issue 12).
 * pycocotools evaluates every (category, image) group on its own and accumulates each category over
 * its images, so each batch is evaluated alone and its matches reduced to a few bytes per detection
 * (ColumnAccumulator); once every batch is in, each category is ranked and accumulated from those: the
 * same `precision`, `recall` and `scores` as the whole evaluation, which the summary, the per-class
 * table and the PR curves read as before. Calibration (TP/FP at the run's IoU, area "all") is fed in
 * annotation-id order, the order of the whole evaluation, so its sums are the same to the last bit.
 */
export class CategoryPass {
  private readonly params: CocoEvalParams;
  private readonly accumulator: ColumnAccumulator;
  private readonly gtCount: Float64Array;
  private readonly dtCount: Float64Array;
  private readonly points: IdOrderedPoints;

  /**
   * `predictions`: at most how many predictions the batches hold (calibration's capacity);
   * `capacity(k)`: about how many detections category k has (a hint for its columns).
   */
  constructor(
    private readonly head: Pick<CocoHead, 'images' | 'categories'>,
    private readonly iou: number,
    predictions: number,
    capacity?: (k: number) => number,
  ) {
    this.points = new IdOrderedPoints(predictions);
    this.params = defaultCocoParams('bbox', true);
    const K = head.categories.count;
    this.accumulator = new ColumnAccumulator(this.params, K, capacity);
    this.gtCount = new Float64Array(K);
    this.dtCount = new Float64Array(K);
  }

  /** Evaluates one batch of whole images (after the previous batches' images, in image order). */
  add(gt: BatchObjects, dt: BatchObjects, signal?: AbortSignal): void {
    const { head, iou, params } = this;
    const dataset = { images: head.images, categories: head.categories, gt: gt.objects, warnings: [] };
    const counts = { gt: gt.objects.count, dt: dt.objects.count };
    const opts = signal ? { signal } : {};
    const images = evaluateImages(dataset, dt.objects, params, { keepAreas: 0, ...opts });
    let outcomes: MatchOutcomes | undefined;
    this.accumulator.add(images, dt.objects.scores, gt.objects.ids, (a) => {
      const matches = images.matchArea(a);
      if (a === 0 && standardIou(params.iouThrs, iou)) outcomes = matchOutcomes(images, counts, iou, matches);
      return matches;
    });
    images.release();
    if (outcomes === undefined) {
      const one = {
        ...params,
        iouThrs: Float64Array.of(iou),
        areaRanges: [params.areaRanges[0]!],
        areaLabels: ['all'],
      };
      outcomes = matchOutcomes(evaluateImages(dataset, dt.objects, one, opts), counts, iou);
    }
    const tp = MATCH_OUTCOMES.indexOf('tp');
    const fp = MATCH_OUTCOMES.indexOf('fp');
    for (let d = 0; d < counts.dt; d++) {
      const o = outcomes.dtOutcome[d];
      if (o === tp || o === fp) this.points.push(dt.kept.ids[d]!, dt.objects.scores[d]!, o === tp);
    }
    countPerCategory(gt.objects, this.gtCount, true, true);
    countPerCategory(dt.objects, this.dtCount, true, false);
  }

  /** The whole evaluation, once every batch has been added. */
  finish(bins?: number): {
    params: CocoEvalParams;
    accumulated: CocoAccumulated;
    summary: CocoSummary;
    perClass: CocoClassResult[];
    calibration: Calibration;
  } {
    // Category by category: each one's columns are let go once its curves are made.
    for (let k = 0; k < this.head.categories.count; k++) this.accumulator.close(k);
    const accumulated = this.accumulator.out;
    const [confidence, correct] = this.points.inIdOrder();
    return {
      params: this.params,
      accumulated,
      summary: summarize(accumulated),
      perClass: perClassRows(accumulated, this.head.categories, this.gtCount, this.dtCount),
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
    return this.denseIdOrder() ?? this.sortedIdOrder();
  }

  /**
   * inIdOrder when the ids are integers from 0 to at most about twice their number (a results file's
   * detections, numbered 1..n; most annotation ids): each id's rank counted, no sort and no search
   * (issue 12: the binary searches over 12M points at 1M images missed the cache on every step).
   */
  private denseIdOrder(): [Float64Array, Uint8Array] | undefined {
    const { n, ids } = this;
    let max = -1;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (!(Number.isInteger(id) && id >= 0)) return undefined;
      if (id > max) max = id;
    }
    if (max > 2 * n + 1024) return undefined;
    const rank = new Int32Array(max + 2);
    for (let i = 0; i < n; i++) rank[ids[i]! + 1] = 1;
    for (let id = 1; id < rank.length; id++) rank[id]! += rank[id - 1]!;
    const confidence = new Float64Array(n);
    const correct = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const at = rank[ids[i]!]!;
      confidence[at] = this.confidence[i]!;
      correct[at] = this.correct[i]!;
    }
    return [confidence, correct];
  }

  private sortedIdOrder(): [Float64Array, Uint8Array] {
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
