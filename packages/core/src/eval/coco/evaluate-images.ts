import { AssayError } from '../../errors.js';
import { computeIous, iouOffsets } from './compute-ious.js';
import { groupObjects, sortAndTruncate } from './group-objects.js';
import { matchArea, Reference, type ReferenceMatches } from './match-groups.js';
import type {
  CocoAreaMatches,
  CocoEvalDataset,
  CocoEvalImages,
  CocoEvalParams,
  CocoObjects,
} from './types.js';
import { WasmMatcher } from './wasm/wasm-matcher.js';

export interface EvaluateImagesOptions {
  signal?: AbortSignal;
  /**
   * How many of the area ranges (from the first) have their matches made and kept in `perArea`
   * (default all). The others are matched when asked for (`matchArea`), e.g. one at a time by
   * accumulate, so that only one range's matches are held at once.
   */
  keepAreas?: number;
}

function checkInputs(dataset: CocoEvalDataset, dt: CocoObjects, params: CocoEvalParams): void {
  if (params.iouType === 'keypoints' && !params.useCats) {
    throw new AssayError('UNSUPPORTED', 'Keypoint evaluation needs categories (useCats).', {
      hint: 'pycocotools computes no OKS without useCats; drop --no-use-cats for keypoints.',
    });
  }
  const needs =
    params.iouType === 'segm' ? 'masks' : params.iouType === 'keypoints' ? 'keypoints' : undefined;
  if (needs === 'masks' && (!dataset.gt.masks || !dt.masks)) {
    throw new AssayError('USAGE', 'segm evaluation needs masks: load both files with iouType "segm".');
  }
  if (needs === 'keypoints' && (!dataset.gt.keypoints || !dt.keypoints)) {
    throw new AssayError(
      'USAGE',
      'keypoints evaluation needs keypoints: load both files with iouType "keypoints".',
    );
  }
}

/** The first range's matches, when kept, for matchArea to copy from. */
function reference(perArea: CocoAreaMatches[]): ReferenceMatches | undefined {
  const first = perArea[0];
  return first ? new Reference(0, first) : undefined;
}

function finiteScores(scores: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i]!)) return false;
  return true;
}

/**
 * pycocotools `COCOeval.evaluate()`: per (category, image) IoUs and greedy matching in every area
 * range at every IoU threshold, over all images and categories of the ground truth.
 */
export function evaluateImages(
  dataset: CocoEvalDataset,
  dt: CocoObjects,
  params: CocoEvalParams,
  options: EvaluateImagesOptions = {},
): CocoEvalImages {
  checkInputs(dataset, dt, params);
  const imageCount = dataset.images.count;
  const categoryCount = dataset.categories.count;
  // Finite scores are ranked once for all groups (scoreOrder, stable), then grouped without a sort
  // per group: the same order as NumPy's stable argsort within each group, whose visiting order is
  // file order (with categories pooled it is category then file order: sorted per group).
  const byScore = params.useCats && finiteScores(dt.scores, dt.count);
  const groups = groupObjects(dataset.gt, dt, imageCount, categoryCount, params.useCats, byScore);
  const maxDet = params.maxDets[params.maxDets.length - 1] ?? 100;
  const { dtStart, dtOrder } = sortAndTruncate(groups, dt.scores, maxDet, byScore);
  const layout = {
    groupCount: groups.groupCount,
    dtStart,
    dtOrder,
    gtStart: groups.gtStart,
    gtOrder: groups.gtOrder,
  };
  const iouStart = iouOffsets(layout);
  // The WebAssembly kernels (match-groups.wat) hold the IoUs and every range's matches; they compute
  // box IoUs themselves. Too large an evaluation for them (or other IoU types) uses the JS code.
  const { gt } = dataset;
  const bbox = params.iouType === 'bbox';
  const arrays = { iouStart, iscrowd: gt.iscrowd, dtAreas: dt.areas, gtIds: gt.ids };
  const boxes = bbox ? { ...arrays, dtBoxes: dt.boxes, gtBoxes: gt.boxes } : arrays;
  const A = params.areaRanges.length;
  const keep = Math.min(options.keepAreas ?? A, A);
  // The ranges not kept share one region of the matcher's memory (matchArea makes them one at a time).
  const matcher = WasmMatcher.create(layout, boxes, params.iouThrs.length, A, keep);
  let ious: Float64Array;
  if (matcher && bbox) ious = matcher.computeBoxIous();
  else {
    ious = computeIous(layout, gt, dt, params, iouStart, options.signal);
    matcher?.ious.set(ious);
  }
  const input = { layout, gt, dt, params, iouStart, ious, matcher };
  // Each range after the first copies the first's matches where a group's ignore flags are the same.
  const perArea: CocoAreaMatches[] = [];
  for (let a = 0; a < keep; a++) {
    options.signal?.throwIfAborted();
    perArea.push(matchArea(input, a, reference(perArea)));
  }
  const result: CocoEvalImages = {
    params,
    categoryCount: params.useCats ? categoryCount : 1,
    imageCount,
    groupCount: groups.groupCount,
    groupCategory: groups.groupCategory,
    groupImage: groups.groupImage,
    dtStart,
    dtOrder,
    gtStart: groups.gtStart,
    gtOrder: groups.gtOrder,
    iouStart,
    ious,
    perArea,
    scoreOrder: groups.scoreOrder,
    matchArea: (a) => {
      options.signal?.throwIfAborted();
      if (released) throw new Error('evaluateImages: matchArea after release()');
      return perArea[a] ?? matchArea(input, a, reference(perArea));
    },
    release: () => {
      released = true;
      // The matcher's memory (the IoUs and matches) goes back to the pool for the next kernel.
      input.matcher?.release();
      input.ious = new Float64Array(0);
      input.matcher = undefined;
      result.ious = input.ious;
      perArea.length = 0;
    },
  };
  let released = false;
  return result;
}
