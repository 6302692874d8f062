import type { AnnotationKind } from '../../model/annotation.js';

/** A sample as label checks need it (a StoredSample fits). */
export interface LabelSample {
  id: number;
  key: string;
  /** Declared size (from the annotation file). */
  width?: number;
  height?: number;
  /** Scanned size, preferred over the declared one. */
  probe?: { width?: number; height?: number };
}

/** A ground-truth annotation as label checks need it (a StoredAnnotation fits). */
export interface LabelAnnotation {
  id: number;
  sampleId: number;
  kind: AnnotationKind;
  label?: string;
  bbox?: [number, number, number, number];
  points?: number[][];
  keypoints?: number[];
  originalId?: string | number;
  /** The classes a point_labels annotation gives points to (its class is per point, not `label`). */
  pointClasses?: string[];
}

/**
 * The annotations by position: a list, or rows made on demand from columns (so that a project's
 * millions of annotations are not all objects at once). Arrays fit.
 */
export interface LabelAnnotationList extends Iterable<LabelAnnotation> {
  readonly length: number;
  at(index: number): LabelAnnotation | undefined;
  /** The rows as columns, when the list holds them so (then the checks make no object per row). */
  rawColumns?(): RawLabelColumns;
}

/** Values of several numbers per row: row i's are values[start[i] .. start[i + 1]) when has[i] is 1. */
export interface FlatValues {
  values: Float64Array;
  start: Int32Array;
  has: Uint8Array;
}

/** A list of annotations held as columns (LabelAnnotation's fields, row by row). */
export interface RawLabelColumns {
  id: Float64Array;
  sampleId: Int32Array;
  /** Stored class id, -1 without a class; `className` names it. */
  classId: Int32Array;
  className: (id: number) => string;
  /** 1-based position of the kind in ANNOTATION_KINDS; 0 for any other kind. */
  kind: Uint8Array;
  /** x, y, w, h of row i at 4i .. 4i + 3, when hasBox[i] is 1. */
  box: Float64Array;
  hasBox: Uint8Array;
  /** Polygon rings encoded as pointsDecode's layout: ring count, ring lengths, then the values. */
  points: FlatValues;
  keypoints: FlatValues;
  /** Row → the classes its per-point labels give points to (point_labels rows only). */
  pointClasses?: ReadonlyMap<number, string[]>;
}

export interface LabelCheckInput {
  /** The class map, in order: a label outside it is an undefined class. */
  classes: string[];
  samples: LabelSample[];
  /** One label source's annotations (ground truth). */
  annotations: readonly LabelAnnotation[] | LabelAnnotationList;
}

export interface LabelCheckOptions {
  /** Issue types to run (default: all of LABEL_CHECK_TYPES). */
  only?: ReadonlySet<string>;
  /** Pixels a box may reach past the image edge before it is out of bounds (default 1). */
  boundsTolerance?: number;
  /** Boxes smaller than this many square pixels are tiny (default 16, e.g. 4 × 4). */
  tinyArea?: number;
  /** Boxes narrower or shorter than this many pixels are tiny (default 2). */
  tinySide?: number;
  /** Robust z-score (log area or log aspect against the class's median and MAD) that makes an outlier (default 4). */
  outlierZ?: number;
  /** An outlier must also differ from the class median by at least this factor (default 2): tight classes are not nit-picked. */
  outlierMinRatio?: number;
  /** A class needs this many boxes before its size and aspect outliers are judged (default 20). */
  outlierMinBoxes?: number;
  /** IoU at or above which two boxes of one class are the same label twice (default 0.9). */
  duplicateIou?: number;
  /** IoU at or above which boxes of different classes overlap suspiciously (default 0.8). */
  overlapIou?: number;
  /** A class with fewer than largest ÷ this many annotations is under-represented (default 10). */
  imbalanceRatio?: number;
  /** A used class in fewer samples than this has too few samples (default 10). */
  minSamplesPerClass?: number;
}

export const LABEL_CHECK_DEFAULTS = {
  boundsTolerance: 1,
  tinyArea: 16,
  tinySide: 2,
  outlierZ: 4,
  outlierMinRatio: 2,
  outlierMinBoxes: 20,
  duplicateIou: 0.9,
  overlapIou: 0.8,
  imbalanceRatio: 10,
  minSamplesPerClass: 10,
} as const satisfies Required<Omit<LabelCheckOptions, 'only'>>;

export type ResolvedLabelCheckOptions = Required<Omit<LabelCheckOptions, 'only'>> & {
  only?: ReadonlySet<string>;
};

/** Issue types the label checks write (each run replaces the open ones of the types it ran). */
export const LABEL_CHECK_TYPES = [
  'undefined_class',
  'unused_class',
  'no_annotations',
  'invalid_geometry',
  'out_of_bounds',
  'degenerate_polygon',
  'keypoint_outside_box',
  'tiny_box',
  'box_size_outlier',
  'box_aspect_outlier',
  'duplicate_label',
  'overlapping_labels',
  'class_imbalance',
  'too_few_samples',
] as const;

export type LabelCheckType = (typeof LABEL_CHECK_TYPES)[number];
