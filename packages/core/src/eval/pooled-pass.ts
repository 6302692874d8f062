import { evaluateImages } from './coco/evaluate-images.js';
import type { CocoEvalDataset, CocoEvalParams, CocoObjects } from './coco/types.js';
import { type DetectionConfusion, detectionConfusion } from './confusion.js';
import { scenesFromCocoEval } from './detection-scenes.js';
import { type TideResult, TideStream } from './tide.js';

/**
 * TIDE and the detection confusion matrix (classes pooled: every detection of an image against all its
 * ground truth) one batch of whole images at a time, in image order (issue 12: a COCO file pair of a
 * million images in batches). Each batch's scenes are made as detectionAnalyses makes the whole
 * evaluation's; TIDE goes on over the batches (TideStream) and the confusion counts are summed, so
 * the result equals detectionAnalyses' over all the images at once.
 */
export class PooledPass {
  private readonly tide: TideStream;
  private readonly gtCategory: Int32Array;
  private gtAt = 0;
  private dtAt = 0;
  private readonly matrix: number[][];
  private ignored = 0;

  /** `gtObjects`, `dtObjects`: how many objects the batches hold in all. */
  constructor(
    private readonly categoryCount: number,
    private readonly params: CocoEvalParams,
    private readonly iou: number,
    gtObjects: number,
    dtObjects: number,
    private readonly confusionScore = 0.5,
  ) {
    this.gtCategory = new Int32Array(gtObjects);
    this.tide = new TideStream(categoryCount, this.gtCategory, dtObjects, { posThreshold: iou });
    this.matrix = Array.from({ length: categoryCount + 1 }, () =>
      new Array<number>(categoryCount + 1).fill(0),
    );
  }

  /** Adds one batch of whole images (after the previous batches' images). */
  add(dataset: CocoEvalDataset, dt: CocoObjects, signal?: AbortSignal): void {
    const { params } = this;
    const pooled = evaluateImages(
      dataset,
      dt,
      {
        ...params,
        useCats: false,
        maxDets: [Number.MAX_SAFE_INTEGER],
        iouThrs: Float64Array.of(0.5),
        areaRanges: [params.areaRanges[0]!],
        areaLabels: ['all'],
      },
      { keepAreas: 0, ...(signal ? { signal } : {}) },
    );
    const scenes = scenesFromCocoEval(pooled, dataset.gt, dt, this.categoryCount, 100, true);
    this.gtCategory.set(dataset.gt.categoryIndex, this.gtAt);
    this.tide.add(scenes, this.gtAt, this.dtAt);
    const c = detectionConfusion(scenes, { iouThreshold: this.iou, scoreThreshold: this.confusionScore });
    for (let r = 0; r < c.matrix.length; r++)
      for (let k = 0; k < c.matrix[r]!.length; k++) this.matrix[r]![k]! += c.matrix[r]![k]!;
    this.ignored += c.ignored;
    this.gtAt += dataset.gt.count;
    this.dtAt += dt.count;
  }

  /** TIDE and the confusion matrix, once every batch is added. */
  finish(): { tide: TideResult; confusion: DetectionConfusion } {
    return {
      tide: this.tide.finish(),
      confusion: {
        iou_threshold: this.iou,
        score_threshold: this.confusionScore,
        matrix: this.matrix,
        ignored: this.ignored,
      },
    };
  }
}
