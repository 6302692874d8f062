/**
 * The canonical annotation, as every format reads and writes it. Geometry is in absolute pixels of the
 * sample's (declared) image; `bbox` is [x, y, w, h] from the top-left corner. Formats convert only at
 * their edge.
 */
export type AnnotationKind =
  | 'classification'
  | 'bbox'
  | 'polygon'
  | 'mask'
  | 'keypoints'
  | 'polyline'
  | 'span'
  | 'cuboid'
  | 'point_labels';

export const ANNOTATION_KINDS: readonly AnnotationKind[] = [
  'classification',
  'bbox',
  'polygon',
  'mask',
  'keypoints',
  'polyline',
  'span',
  'cuboid',
  'point_labels',
];

/** COCO run-length encoding: column-major counts, compressed (string) or not (number[]). */
export interface Rle {
  size: [height: number, width: number];
  counts: string | number[];
}

/**
 * A span of a text sample: character offsets into the sample's text (UTF-16 code units, `end`
 * exclusive, as JavaScript strings index), and the token offsets when the source had tokens (CoNLL:
 * `tokenEnd` exclusive).
 */
export interface TextSpan {
  start: number;
  end: number;
  tokenStart?: number;
  tokenEnd?: number;
}

/**
 * A 3D box (annotation kind `cuboid`) on a `point_cloud` sample, in metres in the named coordinate
 * frame (a sensor name such as `velodyne`, or a frame's common frame such as `ego`), right-handed,
 * z up. `center` is the box's centre (not KITTI's bottom centre); `size` is
 * [length along the box's heading (x), width (y), height (z)]. `yaw` turns the box about +z,
 * counter-clockwise seen from above, 0 = heading along +x. When the source gives a full rotation,
 * `rotation` holds it as a unit quaternion [w, x, y, z] and `yaw` is its heading.
 */
export interface Cuboid {
  center: [x: number, y: number, z: number];
  size: [length: number, width: number, height: number];
  yaw: number;
  rotation?: [w: number, x: number, y: number, z: number];
  /** Coordinate frame the box is in. */
  frame: string;
  /** The object's id along a sequence, when the source has tracks. */
  trackId?: string;
}

/**
 * Per-point class labels (annotation kind `point_labels`, one per labelled sweep): where the labels
 * are, not the labels. `field` names a field of the cloud (`label` of a PCD/PLY) or, with `file`, a
 * separate file of one unsigned integer per point (`u32`: SemanticKITTI's `.label`, class in the low
 * 16 bits; `u8`). `classes` maps each label value to a class name; `counts` holds the points per class.
 */
export interface PointLabels {
  field?: string;
  file?: string;
  encoding?: 'u8' | 'u16' | 'u32';
  classes: Record<string, string>;
  counts: Record<string, number>;
}

export type AttributeValue = string | number | boolean;

export interface Annotation {
  /** The sample's key (its file name relative to the images root, with forward slashes). */
  sample: string;
  /** Canonical label source name, see parseLabelSource. */
  source: string;
  kind: AnnotationKind;
  /** Class name as in the project's class map; undefined only for unlabeled geometry. */
  label?: string;
  /** [x, y, w, h], absolute pixels. Present on every spatial kind (the tight or declared box). */
  bbox?: [number, number, number, number];
  /** Polygon rings (several for one object) or the single line of a polyline: flat [x0, y0, x1, y1, ...]. */
  points?: number[][];
  mask?: Rle;
  /** COCO keypoints: flat [x, y, v] triplets, v = 0 not labeled, 1 labeled but hidden, 2 visible. */
  keypoints?: number[];
  /** Where a `span` annotation lies in its text sample. */
  span?: TextSpan;
  /** The 3D box of a `cuboid` annotation. */
  cuboid?: Cuboid;
  /** Where the per-point labels of a `point_labels` annotation are. */
  pointLabels?: PointLabels;
  /** Area in pixels as the source format states it (COCO `area`), else derived by the format. */
  area?: number;
  iscrowd?: boolean;
  /** Confidence of a prediction, in [0, 1] for most models. */
  score?: number;
  /** Class probabilities of a prediction, ordered as the project's class map. */
  probs?: number[];
  attributes?: Record<string, AttributeValue>;
  /** The id the source format gave this annotation (COCO `id`, CVAT shape index...), kept for export. */
  originalId?: string | number;
}
