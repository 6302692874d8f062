import type { LidarCheckOptions } from '../checks/lidar/lidar-check-input.js';

/**
 * A quality plan: target composition and issue limits, checked by `assay check --plan FILE`.
 *
 * ```yaml
 * composition:
 *   - field: class            # ground-truth class, `split`, or an attribute name
 *     target: {cat: 0.4, dog: 0.6}
 *     min_overlap: 0.9
 * limits:                     # largest allowed share of samples with this issue type
 *   near_duplicate: 0.01
 *   split_leakage: 0
 * inspection:                 # sampled inspection (`assay inspect`): the interval's lower bound
 *   min_accuracy: 0.95
 *   method: clopper-pearson   # or wilson
 * models:                     # the latest `assay eval` of a prediction source
 *   - prediction: prediction:yolov8
 *     min_map: 0.5            # metric: map (default), map50, map75 or accuracy
 * conformance:                # 기준 적합성: what each sample must be, as `assay scan` read it
 *   min_width: 640            # also min_height, max_width, max_height (pixels)
 *   formats: [jpeg, png]      # sharp's format names
 *   max_bytes: 20000000       # also min_bytes
 *   min_share: 0.99           # share of samples that must meet all of them (default 1)
 * lidar:                      # thresholds of the LiDAR checks (parse-lidar-thresholds.ts)
 *   sync_tolerance_ms: 20
 *   min_points_in_box: 10
 * ```
 */
export interface Plan {
  /** The file it came from (named in messages). */
  file: string;
  composition: CompositionTarget[];
  limits: IssueLimit[];
  inspection?: InspectionTarget;
  models: ModelTarget[];
  conformance?: ConformanceTarget;
  /** Thresholds of the LiDAR checks, when the plan sets any. */
  lidar?: Omit<LidarCheckOptions, 'only'>;
}

/** Label accuracy by sampled inspection: the lower bound of its interval must reach `minAccuracy`. */
export interface InspectionTarget {
  minAccuracy: number;
  /** Interval (default clopper-pearson). */
  method: 'clopper-pearson' | 'wilson';
  /** Confidence level (default: the one the inspection was drawn for). */
  confidence?: number;
  /** Judge every drawn item first (default true): a partly judged inspection fails the gate. */
  requireComplete: boolean;
}

/**
 * Criteria conformance (기준 적합성 of Korea's guideline): the requirements a sample must meet on
 * resolution, file format and file size, judged on what `assay scan` read from the file. Each bound is
 * optional; `minShare` of the samples must meet all that are set.
 */
export interface ConformanceTarget {
  minWidth?: number;
  minHeight?: number;
  maxWidth?: number;
  maxHeight?: number;
  /** Accepted formats, lower case as sharp names them (`jpeg`, `png`, `webp`, `tiff`, `gif`...). */
  formats?: string[];
  minBytes?: number;
  maxBytes?: number;
  /** Share of samples that must meet every requirement (default 1). */
  minShare: number;
}

export type ModelMetric = 'map' | 'map50' | 'map75' | 'accuracy';
export const MODEL_METRICS: readonly ModelMetric[] = ['map', 'map50', 'map75', 'accuracy'];

/** A prediction source's latest evaluation must reach `min` on `metric`. */
export interface ModelTarget {
  prediction: string;
  metric: ModelMetric;
  min: number;
}

/**
 * What a composition share counts:
 * - `annotations` (default): ground-truth annotations carrying each value (objects per class);
 * - `samples`: samples holding at least one annotation with the value, normalised so shares sum to 1.
 * For `field: split` the unit is always samples (each sample has one split).
 */
export type CompositionUnit = 'annotations' | 'samples';

export interface CompositionTarget {
  /** `class`, `split`, or an annotation attribute name (falling back to a sample metadata key). */
  field: string;
  /** Target share per value; the shares sum to 1. */
  target: Record<string, number>;
  /** Smallest overlap rate that passes (default 0.9). */
  minOverlap: number;
  unit: CompositionUnit;
}

export interface IssueLimit {
  type: string;
  /** Largest allowed share (0..1) of samples with an open issue of this type. */
  maxShare: number;
}

export const DEFAULT_MIN_OVERLAP = 0.9;
