import type { EvalMatchRow, EvalSampleRow } from '../store/project-store.js';
import type { BatchObjects, CocoHead } from './batch-objects.js';
import { standardIou } from './category-pass.js';
import { evaluateImages } from './coco/evaluate-images.js';
import type { CocoEvalParams } from './coco/types.js';
import { type DetectionConfusion, detectionConfusion } from './confusion.js';
import { scenesFromCocoEval } from './detection-scenes.js';
import { MATCH_OUTCOMES, type MatchOutcomes, matchOutcomes, nearestThreshold } from './match-outcomes.js';
import { TIDE_ERROR_TYPES, type TideResult, TideStream } from './tide.js';

const TP = MATCH_OUTCOMES.indexOf('tp');
const FP = MATCH_OUTCOMES.indexOf('fp');
const FN = MATCH_OUTCOMES.indexOf('fn');
const IGNORED = MATCH_OUTCOMES.indexOf('ignored');

/**
 * The per-image half of a project's detection evaluation, one batch of whole images at a time, in
 * image order (issue 12): every object's outcome at the run's IoU (the COCO matching, area "all", which
 * is per (class, image) group, so a batch gives the same matches as the whole), TIDE (a TideStream:
 * objects numbered over the run) and the confusion matrix (counts, summed over the batches), the stored
 * row of every object, and every sample's TP/FP/FN. Equal to evaluateProjectDetectionColumns'.
 */
export class ImagePass {
  private readonly tide: TideStream;
  /** The class of every ground-truth object of the run (TIDE's fixes read it at the end). */
  private readonly gtCategory: Int32Array;
  private gtAt = 0;
  private dtAt = 0;
  private readonly matrix: number[][];
  private confusionIgnored = 0;
  private readonly sampleCounts: Int32Array;
  private readonly sampleSeen: Uint8Array;
  private readonly classOf: Map<number, number>;
  private readonly threshold: number;
  readonly totals = { tp: 0, fp: 0, fn: 0, ignored: 0 };

  /** `gtObjects`, `dtObjects`: at most how many objects the batches hold in all. */
  constructor(
    private readonly head: CocoHead,
    private readonly params: CocoEvalParams,
    private readonly iou: number,
    classes: readonly { id: number; cocoId?: number }[],
    gtObjects: number,
    dtObjects: number,
  ) {
    const K = head.categories.count;
    this.gtCategory = new Int32Array(gtObjects);
    this.tide = new TideStream(K, this.gtCategory, dtObjects, { posThreshold: iou });
    this.matrix = Array.from({ length: K + 1 }, () => new Array<number>(K + 1).fill(0));
    this.sampleCounts = new Int32Array(3 * head.images.count);
    this.sampleSeen = new Uint8Array(head.images.count);
    this.classOf = new Map(classes.map((c) => [c.cocoId ?? c.id, c.id]));
    // The outcomes' threshold: the evaluation's own when `iou` is one of its thresholds (its value exactly).
    this.threshold = standardIou(params.iouThrs, iou)
      ? params.iouThrs[nearestThreshold(params.iouThrs, iou)]!
      : iou;
  }

  /**
   * Evaluates one batch of whole images (after the previous batches' images) and returns its stored
   * rows (iterate them before the next batch is added: they read the TIDE errors as they are now).
   */
  add(gt: BatchObjects, dt: BatchObjects, signal?: AbortSignal): Iterable<EvalMatchRow> {
    const { head, params } = this;
    const dataset = { images: head.images, categories: head.categories, gt: gt.objects, warnings: [] };
    const opts = signal ? { signal } : {};
    const all = { areaRanges: [params.areaRanges[0]!], areaLabels: ['all'] };
    const counts = { gt: gt.objects.count, dt: dt.objects.count };
    const outcomes = matchOutcomes(
      evaluateImages(
        dataset,
        dt.objects,
        { ...params, ...all, iouThrs: Float64Array.of(this.threshold) },
        opts,
      ),
      counts,
      this.threshold,
    );
    const pooled = evaluateImages(
      dataset,
      dt.objects,
      {
        ...params,
        ...all,
        useCats: false,
        maxDets: [Number.MAX_SAFE_INTEGER],
        iouThrs: Float64Array.of(0.5),
      },
      { keepAreas: 0, ...opts },
    );
    const scenes = scenesFromCocoEval(pooled, gt.objects, dt.objects, head.categories.count, 100, true);
    // Object numbers over the run: this batch's objects follow the previous batches'.
    const g0 = this.gtAt;
    const d0 = this.dtAt;
    this.gtCategory.set(gt.objects.categoryIndex, g0);
    this.tide.add(scenes, g0, d0);
    const confusion = detectionConfusion(scenes, { iouThreshold: this.iou, scoreThreshold: 0.5 });
    this.addConfusion(confusion);
    this.gtAt += counts.gt;
    this.dtAt += counts.dt;

    for (let i = 0; i < counts.gt; i++) this.count(gt.kept.sampleIds[i]!, outcomes.gtOutcome[i]!, true);
    for (let i = 0; i < counts.dt; i++) this.count(dt.kept.sampleIds[i]!, outcomes.dtOutcome[i]!, false);
    return this.rows(gt, dt, outcomes, g0, d0);
  }

  /** The batch's stored rows, made one at a time while they are written (ground truth, then predictions). */
  private *rows(
    gt: BatchObjects,
    dt: BatchObjects,
    outcomes: MatchOutcomes,
    g0: number,
    d0: number,
  ): Generator<EvalMatchRow> {
    for (const role of ['gt', 'pred'] as const) {
      const isGt = role === 'gt';
      const own = isGt ? gt : dt;
      const other = isGt ? dt : gt;
      const outcome = isGt ? outcomes.gtOutcome : outcomes.dtOutcome;
      const match = isGt ? outcomes.gtMatch : outcomes.dtMatch;
      const ious = isGt ? outcomes.gtIou : outcomes.dtIou;
      const errors = isGt ? this.tide.gtError : this.tide.dtError;
      const offset = isGt ? g0 : d0;
      for (let i = 0; i < own.kept.ids.length; i++) {
        const m = match[i]!;
        const error = errors[offset + i]!;
        const iou = ious[i]!;
        const score = own.kept.scores[i]!;
        yield {
          annotationId: own.kept.ids[i]!,
          sampleId: own.kept.sampleIds[i]!,
          role,
          classId: this.classOf.get(own.objects.categoryIds[i]!) ?? Number.NaN,
          score: isGt || Number.isNaN(score) ? null : score,
          matchedId: m < 0 ? null : other.kept.ids[m]!,
          iou: Number.isNaN(iou) ? null : iou,
          outcome: MATCH_OUTCOMES[outcome[i]!]!,
          error: error < 0 ? null : TIDE_ERROR_TYPES[error]!,
        };
      }
    }
  }

  private addConfusion(c: DetectionConfusion): void {
    for (let r = 0; r < c.matrix.length; r++)
      for (let k = 0; k < c.matrix[r]!.length; k++) this.matrix[r]![k]! += c.matrix[r]![k]!;
    this.confusionIgnored += c.ignored;
  }

  /** TP and FP counted on detections, FN on ground truth (rowsOf in project-detection.ts). */
  private count(sampleId: number, code: number, gt: boolean): void {
    const at = this.head.imageAt[sampleId]!;
    this.sampleSeen[at] = 1;
    if (code === IGNORED) this.totals.ignored++;
    else if (gt ? code === FN : code !== FN) {
      const outcome = MATCH_OUTCOMES[code] as 'tp' | 'fp' | 'fn';
      this.totals[outcome]++;
      this.sampleCounts[3 * at + (code === TP ? 0 : code === FP ? 1 : 2)]!++;
    }
  }

  /** TIDE, the confusion matrix and the samples' rows, once every batch is added. */
  finish(): {
    iouThreshold: number;
    tide: TideResult;
    confusion: DetectionConfusion;
    samples: EvalSampleRow[];
  } {
    // Sample ids ascending: the positions of imageAt.
    const { imageAt } = this.head;
    const c = this.sampleCounts;
    const rows: EvalSampleRow[] = [];
    for (let sampleId = 0; sampleId < imageAt.length; sampleId++) {
      const at = imageAt[sampleId]!;
      if (at < 0 || !this.sampleSeen[at]) continue;
      rows.push({ sampleId, tp: c[3 * at]!, fp: c[3 * at + 1]!, fn: c[3 * at + 2]! });
    }
    return {
      iouThreshold: this.threshold,
      tide: this.tide.finish(),
      confusion: {
        iou_threshold: this.iou,
        score_threshold: 0.5,
        matrix: this.matrix,
        ignored: this.confusionIgnored,
      },
      samples: rows,
    };
  }
}
