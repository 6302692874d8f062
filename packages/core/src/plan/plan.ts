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
  /** Thresholds of the LiDAR checks, when the plan sets any. */
  lidar?: Omit<LidarCheckOptions, 'only'>;
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
