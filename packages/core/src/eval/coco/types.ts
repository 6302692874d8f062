/**
 * Types of Assay's COCO evaluation, which reproduces pycocotools 2.0.x (`COCOeval`) on typed arrays.
 * Everything is struct-of-arrays: one typed array per field, indexed by object / image / category
 * position, so a million detections cost a few arrays and no per-object allocation.
 *
 * Conventions:
 * - Images and categories are held sorted by id ascending (pycocotools' `params.imgIds` / `catIds`);
 *   an object refers to them by position (`imageIndex`, `categoryIndex`), not by id.
 * - Object arrays keep the order of the JSON file; detections get ids 1..n as pycocotools' `loadRes`.
 */

import type { CocoMasks } from './coco-masks.js';

export type CocoIouType = 'bbox' | 'segm' | 'keypoints';

export interface CocoImages {
  count: number;
  /** Image ids, ascending. */
  ids: Float64Array;
  heights: Float64Array;
  widths: Float64Array;
  fileNames: string[];
}

export interface CocoCategories {
  count: number;
  /** Category ids, ascending. */
  ids: Float64Array;
  names: string[];
}

/** Ground-truth annotations or detections, one entry per object in file order. */
export interface CocoObjects {
  count: number;
  /** Annotation ids (ground truth) or 1..n (detections, as `loadRes` assigns them). */
  ids: Float64Array;
  /** Position in `CocoImages` (sorted ids). */
  imageIndex: Int32Array;
  /** Position in `CocoCategories` (sorted ids); -1 for a category id the ground truth lacks. */
  categoryIndex: Int32Array;
  /** The category id as given (also for unknown categories). */
  categoryIds: Float64Array;
  /** [x, y, w, h] per object (4 numbers each). */
  boxes: Float64Array;
  /** Area used for the area ranges: GT `area` field; detections as `loadRes` sets it. */
  areas: Float64Array;
  /** 1 for crowd regions (ground truth); 0 for detections. */
  iscrowd: Uint8Array;
  /** Detection scores (ground truth: 0). */
  scores: Float64Array;
  /** Ground truth `num_keypoints` (keypoints evaluation; -1 when absent). */
  numKeypoints: Int32Array;
  /** Keypoints (x, y, v / score triplets), `keypointsPerObject * 3` numbers per object, NaN when absent. */
  keypoints?: Float64Array;
  keypointsPerObject: number;
  /** Masks (segm evaluation only): polygons rasterised as pycocotools does, RLEs decoded, on first use. */
  masks?: CocoMasks;
}

/** A ground-truth file loaded for evaluation. */
export interface CocoEvalDataset {
  images: CocoImages;
  categories: CocoCategories;
  gt: CocoObjects;
  /** Problems that did not stop loading (each names examples); the CLI prints them on stderr. */
  warnings: string[];
}

/** A results file loaded against a dataset. */
export interface CocoDetections {
  dt: CocoObjects;
  warnings: string[];
}

/** pycocotools `Params`; defaults from `defaultCocoParams(iouType)`. */
export interface CocoEvalParams {
  iouType: CocoIouType;
  /** IoU thresholds (np.linspace(.5, .95, 10) by default). */
  iouThrs: Float64Array;
  /** Recall thresholds (np.linspace(0, 1, 101)). */
  recThrs: Float64Array;
  /** Ascending; the last is the per-image cap ([1, 10, 100]; keypoints [20]). */
  maxDets: number[];
  /** [min, max] area per range, inclusive. */
  areaRanges: [number, number][];
  areaLabels: string[];
  /** Match only within a category (default true). */
  useCats: boolean;
  /** OKS sigmas per keypoint (COCO's 17 by default). */
  kptSigmas: Float64Array;
}

/**
 * Result of `evaluateImages` (pycocotools `evaluate()`), as flat arrays without per-group objects.
 *
 * A group is one (category, image) pair with at least one ground truth or detection, as `evaluateImg`
 * sees it; groups are ordered by category, then image (both by sorted id). Without useCats all
 * categories are pooled and `groupCategory` is -1. For group g:
 * - detections: `dtOrder[dtStart[g] .. dtStart[g+1])`, object indices sorted by score descending
 *   (stable), truncated to the last maxDets; D = their number;
 * - ground truth: `gtOrder[gtStart[g] .. gtStart[g+1])`, object indices in file order; G = their number;
 * - `ious[iouStart[g] + d * G + j]`: IoU (OKS for keypoints) of detection d with ground truth j
 *   (both in the orders above); no entries when D or G is 0;
 * - per area range a, `perArea[a]` holds the matches (see CocoAreaMatches) at offsets
 *   `T * dtStart[g]` (T × D, row per threshold) and `gtStart[g]` / `T * gtStart[g]`.
 */
export interface CocoEvalImages {
  params: CocoEvalParams;
  /** K: categories.count, or 1 without useCats. */
  categoryCount: number;
  imageCount: number;
  groupCount: number;
  /** Category position per group (-1 without useCats). */
  groupCategory: Int32Array;
  /** Image position per group. */
  groupImage: Int32Array;
  dtStart: Int32Array;
  dtOrder: Int32Array;
  gtStart: Int32Array;
  gtOrder: Int32Array;
  iouStart: Float64Array;
  ious: Float64Array;
  /** Matches of the area ranges kept (all unless evaluateImages was told `keepAreas`). */
  perArea: CocoAreaMatches[];
  /**
   * When the groups were made from one ranking of every detection: scoreOrder(dt.scores, dt.count)
   * (TIDE's scenes rank the same detections the same way).
   */
  scoreOrder?: Int32Array | undefined;
  /**
   * The matches of area range a: kept ones as they are, others made now (and not kept: valid until
   * the next range that is not kept is made, which may write over them).
   */
  matchArea(areaIndex: number): CocoAreaMatches;
  /**
   * Lets go of the IoUs and the matches (most of this result's memory) once the caller has read
   * what it needs of them: `ious` and `perArea` are empty afterwards and matchArea cannot be called.
   * Views of them taken before must not be read: their kernel memory goes back to the pool.
   */
  release(): void;
}

/** Matching of every group in one area range (pycocotools `evalImgs[k, a, i]`); T = IoU thresholds. */
export interface CocoAreaMatches {
  /** Per group, its ground truth sorted by ignore flag (stable): pycocotools' `gtIds` order. */
  gtSorted: Int32Array;
  /** Ignore flag of gtSorted (crowd, area outside the range, or keypoints without visible points). */
  gtIgnore: Uint8Array;
  /** [T*dtStart[g] + t*D + d]: the matched ground-truth object index, or -1. */
  dtMatches: Int32Array;
  /** [T*dtStart[g] + t*D + d]: 1 when ignored (matched an ignored GT, or unmatched and out of range). */
  dtIgnore: Uint8Array;
  /** [T*gtStart[g] + t*G + j] over gtSorted: the matched detection object index, or -1. */
  gtMatches: Int32Array;
}

/** Result of `accumulate`: pycocotools' `eval` arrays in C order, -1 where undefined. */
export interface CocoAccumulated {
  params: CocoEvalParams;
  /** [T, R, K, A, M]. */
  counts: [number, number, number, number, number];
  /** precision[t, r, k, a, m]. */
  precision: Float64Array;
  /** recall[t, k, a, m]. */
  recall: Float64Array;
  /** scores[t, r, k, a, m]: the score at which each recall threshold is reached. */
  scores: Float64Array;
}

/** One line of the summary (pycocotools `summarize()`). */
export interface CocoStatLine {
  /** 'AP' or 'AR'. */
  kind: 'AP' | 'AR';
  /** IoU threshold, or undefined for .50:.95. */
  iou: number | undefined;
  area: string;
  maxDets: number;
  value: number;
  /** The line as pycocotools prints it. */
  text: string;
}

export interface CocoSummary {
  /** The 12 (detection) or 10 (keypoints) stats in pycocotools' order. */
  stats: number[];
  lines: CocoStatLine[];
}
