import type { SampleMetrics } from '../../metrics/sample-metrics.js';
import type { MediaProbe } from '../../model/sample.js';
import type { NewIssue } from '../../store/project-store.js';
import { duplicateChecks } from './duplicate-checks.js';
import { oddSizeChecks } from './odd-size-check.js';
import { propertyChecks } from './property-checks.js';

/** One sample as the media checks see it: its probe, and its metrics when scan computed them. */
export interface MediaCheckSample {
  id: number;
  /** The sample's path as imported (used in reasons). */
  key: string;
  split?: string;
  probe: MediaProbe;
  metrics?: SampleMetrics;
}

/**
 * Thresholds of the media checks. Defaults follow CleanVision 0.3 (cleanlab/cleanvision,
 * image_property_issue_manager.py get_default_params) where it defines the same property; see
 * docs/metrics.md for each one.
 */
export interface MediaCheckOptions {
  /** `dark` when the 99th percentile of perceived brightness is below this; default 0.32 (CleanVision). */
  darkP99?: number;
  /** `overexposed` when 1 − the 5th percentile of brightness is below this; default 0.05 (CleanVision `light`). */
  lightScore?: number;
  /** `blurry` when the Laplacian variance of the ≤ 256 px decode is below this (never on dark images); default 50 (ours, see docs/metrics.md). */
  blurSharpness?: number;
  /** `low_information` when 0.1 × entropy (bits) is below this; default 0.3, i.e. < 3 bits (CleanVision). */
  lowInformationScore?: number;
  /** `odd_aspect_ratio` when min(w/h, h/w) is below this; default 0.35 (CleanVision). */
  aspectRatioScore?: number;
  /** `odd_size`: sqrt(w·h) outside [q1 − f·IQR, q3 + f·IQR]; default f = 3 (CleanVision iqr_factor). */
  oddSizeIqrFactor?: number;
  /** Near duplicates: largest pHash + dHash distance (of 128 bits) of a pair; default 20 (NEAR_DUPLICATE_DEFAULTS). */
  nearDuplicateDistance?: number;
  /**
   * Near duplicates by embedding distance (sample ids, cosine distance), found by the caller from the
   * stored vectors of `model`; they join the hash-based pairs (one issue per sample, each method's evidence).
   */
  embeddingPairs?: {
    model: string;
    threshold: number;
    pairs: readonly { a: number; b: number; distance: number }[];
  };
  /** Report grayscale images (info); default true. */
  grayscale?: boolean;
  signal?: AbortSignal;
}

export const MEDIA_CHECK_TYPES: readonly string[] = [
  'dark',
  'overexposed',
  'blurry',
  'low_information',
  'odd_aspect_ratio',
  'odd_size',
  'grayscale',
  'exact_duplicate',
  'near_duplicate',
  'split_leakage',
];

/**
 * Runs every media check over the scanned samples and returns the issues (the caller stores them
 * with replaceIssues under its run, replacing MEDIA_CHECK_TYPES). Samples whose scan status is not
 * 'ok' are skipped here: scan already reports them as missing/corrupt/unreadable/too large.
 * Samples without metrics (scanned by an older Assay) only take part in byte-level duplicates.
 */
export function mediaChecks(
  samples: readonly MediaCheckSample[],
  options: MediaCheckOptions = {},
): NewIssue[] {
  const ok = samples.filter((s) => s.probe.status === 'ok');
  return [...propertyChecks(ok, options), ...oddSizeChecks(ok, options), ...duplicateChecks(ok, options)];
}
