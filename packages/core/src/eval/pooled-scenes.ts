import { computeIous, iouOffsets } from './coco/compute-ious.js';
import { countingSort, evaluated, groupObjects } from './coco/group-objects.js';
import { scoreOrder } from './coco/score-order.js';
import type { CocoEvalDataset, CocoEvalParams, CocoObjects } from './coco/types.js';
import { WasmMatcher } from './coco/wasm/wasm-matcher.js';
import type { DetectionScenes } from './detection-scenes.js';

/**
 * The scenes of TIDE and the confusion matrix straight from the objects: the same as
 * `scenesFromCocoEval` of an `evaluateImages` with categories pooled and no maxDets cap, without
 * ranking each image's detections twice, matching, or computing the IoUs of detections past `maxDets`.
 * Every detection is ranked once (score descending, ties in file order: TIDE's ranking; the
 * evaluation's own ranking when given), then put in image order by a stable counting sort. Undefined
 * when a score is not finite (no such order): the caller then takes the evaluation's way.
 */
export function pooledScenes(
  dataset: CocoEvalDataset,
  dt: CocoObjects,
  params: CocoEvalParams,
  maxDets = 100,
  signal?: AbortSignal,
  /** scoreOrder(dt.scores, dt.count) when the caller has it (CocoEvalImages.scoreOrder). */
  ranking?: Int32Array,
): DetectionScenes | undefined {
  for (let i = 0; i < dt.count; i++) if (!Number.isFinite(dt.scores[i]!)) return undefined;
  const imageCount = dataset.images.count;
  const categoryCount = dataset.categories.count;
  // The groups (images with any object) and their ground truth in pycocotools' pooled order.
  const groups = groupObjects(dataset.gt, dt, imageCount, categoryCount, false);
  // The same detections per image as the groups', in TIDE's ranking.
  const ranked = countingSort(
    evaluated(dt, ranking ?? scoreOrder(dt.scores, dt.count)),
    imageCount,
    dt.imageIndex,
  );
  const { dtStart, dtOrder } = kept(groups.groupCount, groups.dtStart, ranked, maxDets);
  // The same shape (fields in the same order) as evaluateImages' layout: computeIous sees one.
  const layout = {
    groupCount: groups.groupCount,
    dtStart,
    dtOrder,
    gtStart: groups.gtStart,
    gtOrder: groups.gtOrder,
  };
  const iouStart = iouOffsets(layout);
  // Box IoUs by the WebAssembly kernel where it takes them (match-groups.wat boxIous), else in JS.
  const { gt } = dataset;
  const boxes = {
    iouStart,
    iscrowd: gt.iscrowd,
    dtAreas: dt.areas,
    gtIds: gt.ids,
    dtBoxes: dt.boxes,
    gtBoxes: gt.boxes,
  };
  const ious =
    (params.iouType === 'bbox' ? WasmMatcher.boxIous(layout, boxes) : undefined) ??
    computeIous(layout, gt, dt, params, iouStart, signal);
  return {
    categoryCount,
    groupCount: groups.groupCount,
    dtStart: layout.dtStart,
    dtOrder: layout.dtOrder,
    gtStart: groups.gtStart,
    gtOrder: groups.gtOrder,
    iouStart,
    ious,
    dtCategory: dt.categoryIndex,
    dtScore: dt.scores,
    gtCategory: dataset.gt.categoryIndex,
    gtCrowd: dataset.gt.iscrowd,
  };
}

/** The first `maxDets` of each group's detections (`order[start[g] .. start[g+1])`). */
function kept(groupCount: number, start: Int32Array, order: Int32Array, maxDets: number) {
  const dtStart = new Int32Array(groupCount + 1);
  let total = 0;
  for (let g = 0; g < groupCount; g++) total += Math.min(maxDets, start[g + 1]! - start[g]!);
  const dtOrder = new Int32Array(total);
  let at = 0;
  for (let g = 0; g < groupCount; g++) {
    dtStart[g] = at;
    const s = start[g]!;
    const n = Math.min(start[g + 1]! - s, maxDets);
    for (let p = 0; p < n; p++) dtOrder[at++] = order[s + p]!;
  }
  dtStart[groupCount] = at;
  return { dtStart, dtOrder };
}
