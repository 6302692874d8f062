import type { AnnotationKind, AttributeValue } from '../model/annotation.js';
import type { LidarStats } from './lidar-stats.js';
import type { Histogram, Summary } from './summarize.js';
import type { TextStats } from './text-stats.js';

/** A sample as statistics need it (a StoredSample fits). */
export interface StatsSample {
  id: number;
  split?: string;
  /** Declared size. */
  width?: number;
  height?: number;
  /** Scanned size, preferred over the declared one. */
  probe?: { width?: number; height?: number };
}

/** An annotation as statistics need it (a StoredAnnotation fits). */
export interface StatsAnnotation {
  sampleId: number;
  source: string;
  kind: AnnotationKind;
  label?: string;
  bbox?: [number, number, number, number];
  attributes?: Record<string, AttributeValue>;
}

export interface StatsInput {
  /** The class map, in order. */
  classes: string[];
  samples: StatsSample[];
  annotations: StatsAnnotation[];
  /** Per-sample metric values by metric name (one value per measured sample), e.g. from scan. */
  metrics?: Record<string, ArrayLike<number>>;
  /** Label source the per-class geometry, objects per image and co-occurrence describe (default `ground_truth`). */
  source?: string;
}

export interface BoxStats {
  class: string;
  /** Boxes of this class in the described source (all spatial kinds carry a box). */
  count: number;
  /** Box area w × h in pixels. */
  area: Summary;
  area_histogram: Histogram;
  /** Box area over the image area (scanned size, else declared), when the size is known. */
  relative_area: Summary;
  /** Width over height. */
  aspect: Summary;
  aspect_histogram: Histogram;
}

/**
 * What `assay stats --json` prints and the report draws. Field names are part of the public contract.
 * Samples without a split count under `unassigned`.
 */
export interface DatasetStats {
  samples: number;
  /** Samples per split. */
  splits: Record<string, number>;
  /** Every label source that has annotations, in first-seen order. */
  sources: string[];
  classes: string[];
  /** The source that `objects_per_image`, `boxes`, `cooccurrence` and `attributes` describe. */
  source: string;
  class_distribution: {
    /** Annotations of the described source per split, then per class. */
    by_split: Record<string, Record<string, number>>;
    /** Annotations per source, then per class. */
    by_source: Record<string, Record<string, number>>;
    /** Samples holding at least one annotation of the class (described source), per split. */
    samples_by_split: Record<string, Record<string, number>>;
  };
  /** Annotations of the described source per sample, samples without any counted as 0. */
  objects_per_image: { summary: Summary; histogram: Histogram };
  boxes: BoxStats[];
  /** `samples[i][j]`: samples holding both class i and class j (the diagonal: samples holding class i). */
  cooccurrence: { classes: string[]; samples: number[][] };
  /** Attribute values over the described source's annotations. */
  attributes: { name: string; annotations: number; values: Record<string, number> }[];
  metrics: { name: string; summary: Summary; histogram: Histogram }[];
  /** Lengths and languages of the text samples, when the project has any. */
  text?: TextStats;
  /** Sweeps, objects by distance, points per object, sync offsets, when the project has point clouds. */
  lidar?: LidarStats;
}

export const UNASSIGNED_SPLIT = 'unassigned';
export const DEFAULT_STATS_SOURCE = 'ground_truth';
