/**
 * Test kit for cross-format-matrix.test.ts: a generated dataset holding every kind of annotation
 * Assay's formats share (boxes, polygons, keypoints with named points, image-level labels), three
 * splits and attributes, and what each format holds of it (HOLDS), so that the expected result of
 * writing with format A, reading, writing with B and reading again is computed, not hard-coded.
 * Test-only.
 */
import type { Annotation, AnnotationKind } from '../model/annotation.js';
import type { ClassDef } from '../model/class-def.js';
import type { Sample } from '../model/sample.js';
import type { Dataset } from './dataset.js';

const source = 'ground_truth';

/** 5 images in train/val/test; each has one image-level label, most have objects. */
export function matrixDataset(): Dataset {
  const classes: ClassDef[] = [
    { name: 'cat' },
    { name: 'dog' },
    { name: 'person', keypoints: ['nose', 'left_eye', 'right_eye'] },
  ];
  const samples: Sample[] = [
    { key: 'a.jpg', width: 64, height: 48, split: 'train' },
    { key: 'b.jpg', width: 80, height: 60, split: 'train' },
    { key: 'c.jpg', width: 64, height: 48, split: 'val' },
    { key: 'd.jpg', width: 64, height: 48, split: 'val' },
    { key: 'e.jpg', width: 48, height: 48, split: 'test' },
  ];
  const box = (
    sample: string,
    label: string,
    bbox: [number, number, number, number],
    color: string,
  ): Annotation => ({
    sample,
    source,
    kind: 'bbox',
    label,
    bbox,
    attributes: { color },
  });
  const polygon = (sample: string, label: string, ring: number[]): Annotation => {
    const xs = ring.filter((_, i) => i % 2 === 0);
    const ys = ring.filter((_, i) => i % 2 === 1);
    const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
    return {
      sample,
      source,
      kind: 'polygon',
      label,
      points: [ring],
      bbox: [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0],
    };
  };
  const person = (
    sample: string,
    bbox: [number, number, number, number],
    keypoints: number[],
  ): Annotation => ({
    sample,
    source,
    kind: 'keypoints',
    label: 'person',
    bbox,
    keypoints,
  });
  const label = (sample: string, name: string): Annotation => ({
    sample,
    source,
    kind: 'classification',
    label: name,
  });
  const annotations: Annotation[] = [
    box('a.jpg', 'cat', [4.5, 6.25, 20, 15], 'red'),
    box('a.jpg', 'dog', [30, 10, 25.5, 30], 'blue'),
    polygon('a.jpg', 'dog', [2, 30, 20, 28, 18, 44, 4, 46]),
    label('a.jpg', 'cat'),
    box('b.jpg', 'dog', [10, 10, 40, 30], 'green'),
    person('b.jpg', [50, 5, 20, 40], [58, 10, 2, 55, 8, 2, 61, 8, 2]),
    label('b.jpg', 'dog'),
    polygon('c.jpg', 'cat', [10, 10, 40, 12, 36, 40, 12, 38]),
    label('c.jpg', 'cat'),
    box('d.jpg', 'cat', [1, 2, 3.5, 4.5], 'red'),
    label('d.jpg', 'dog'),
    person('e.jpg', [10, 10, 30, 30], [20, 15, 2, 16, 12, 2, 24, 12, 2]),
    label('e.jpg', 'cat'),
  ];
  return { classes, samples, annotations };
}

/** What a format holds of the matrix dataset, and the writer note that states each loss. */
export interface Holds {
  /** Kinds read back as they are written. */
  kinds: AnnotationKind[];
  /** Kinds written as their boxes (read back as bbox). */
  asBox: AnnotationKind[];
  /** The box of a keypoints annotation comes back as the extent of its points (CVAT skeletons). */
  keypointExtent?: boolean;
  /** At most one image-level label per image (the first). */
  oneLabelPerImage?: boolean;
  splits: boolean;
  attributes: boolean;
  /** Keypoint names survive (else points are compared by their index). */
  pointNames: boolean;
  /** Notes that must appear when an annotation kind is dropped or written as its box, or splits are lost. */
  noted: Partial<Record<AnnotationKind | 'split' | 'keypointBox', RegExp>>;
  /** Extra words for the test name. */
  why: string;
}

export const HOLDS: Record<string, Holds> = {
  coco: {
    kinds: ['bbox', 'polygon', 'keypoints', 'classification'],
    asBox: [],
    splits: true,
    attributes: true,
    pointNames: true,
    noted: {},
    why: 'everything (one instances file per split)',
  },
  yolo: {
    kinds: ['bbox', 'polygon', 'keypoints'],
    asBox: [],
    splits: true,
    attributes: false,
    pointNames: false,
    noted: { classification: /classification labels are not part of YOLO/ },
    why: 'no image-level labels, attributes or keypoint names (data.yaml has kpt_shape only); images filed as images/<split>/<key>',
  },
  voc: {
    kinds: ['bbox'],
    asBox: ['polygon', 'keypoints'],
    splits: true,
    attributes: true,
    pointNames: true,
    noted: {
      polygon: /polygon annotations written as their boxes/,
      keypoints: /keypoints annotations written as their boxes/,
      classification: /classification labels are not written/,
    },
    why: 'boxes only (polygons and keypoints as their boxes), no image-level labels',
  },
  cvat: {
    kinds: ['bbox', 'polygon', 'keypoints', 'classification'],
    asBox: [],
    keypointExtent: true,
    splits: true,
    attributes: true,
    pointNames: true,
    noted: { keypointBox: /keypoint boxes not written/ },
    why: 'a skeleton has no box of its own (read back as its points’ extent)',
  },
  'label-studio': {
    kinds: ['bbox', 'polygon', 'keypoints', 'classification'],
    asBox: [],
    splits: false,
    attributes: true,
    pointNames: true,
    noted: { split: /splits not written/ },
    why: 'no splits',
  },
  labelme: {
    kinds: ['bbox', 'polygon', 'keypoints', 'classification'],
    asBox: [],
    keypointExtent: true,
    splits: false,
    attributes: true,
    pointNames: false,
    noted: { keypointBox: /keypoint boxes not written/, split: /splits not written/ },
    why: 'no splits; keypoints as a points shape (no box, no point names); image-level labels as flags',
  },
  'box-csv': {
    kinds: ['bbox'],
    asBox: ['polygon', 'keypoints'],
    splits: true,
    attributes: false,
    pointNames: true,
    noted: {
      polygon: /other than boxes written as their boxes/,
      keypoints: /other than boxes written as their boxes/,
      classification: /classification annotations? not written/,
    },
    why: 'labelled boxes only (other shapes as their boxes), no image-level labels or attributes',
  },
  createml: {
    kinds: ['bbox'],
    asBox: ['polygon', 'keypoints'],
    splits: false,
    attributes: false,
    pointNames: true,
    noted: {
      polygon: /other than boxes written as their boxes/,
      keypoints: /other than boxes written as their boxes/,
      classification: /classification annotations? not written/,
      split: /splits not written/,
    },
    why: 'labelled boxes only (other shapes as their boxes), no image-level labels, attributes or splits',
  },
  'class-csv': {
    kinds: ['classification'],
    asBox: [],
    splits: true,
    attributes: false,
    pointNames: true,
    noted: {
      bbox: /non-classification annotations? (have|has) no place/,
      polygon: /non-classification annotations? (have|has) no place/,
      keypoints: /non-classification annotations? (have|has) no place/,
    },
    why: 'image-level labels only',
  },
  'class-folders': {
    kinds: ['classification'],
    asBox: [],
    oneLabelPerImage: true,
    splits: true,
    attributes: false,
    pointNames: true,
    noted: {
      bbox: /non-classification annotations? (have|has) no place/,
      polygon: /non-classification annotations? (have|has) no place/,
      keypoints: /non-classification annotations? (have|has) no place/,
    },
    why: 'one image-level label per image; images filed as <split>/<class>/<key>',
  },
};

/** What `holds` gives back of a dataset it is handed (annotations dropped or turned into boxes). */
export function carry(dataset: Dataset, holds: Holds): Dataset {
  const annotations: Annotation[] = [];
  const labelled = new Set<string>();
  for (const a of dataset.annotations) {
    let out: Annotation | undefined;
    if (holds.kinds.includes(a.kind)) out = { ...a };
    else if (holds.asBox.includes(a.kind) && a.bbox) {
      const { points: _p, keypoints: _k, ...rest } = a;
      out = { ...rest, kind: 'bbox' };
    }
    if (out === undefined) continue;
    if (out.kind === 'classification' && holds.oneLabelPerImage) {
      if (labelled.has(out.sample)) continue;
      labelled.add(out.sample);
    }
    if (out.kind === 'keypoints' && holds.keypointExtent && out.keypoints) {
      const xs = out.keypoints.filter((_, i) => i % 3 === 0);
      const ys = out.keypoints.filter((_, i) => i % 3 === 1);
      out.bbox = [
        Math.min(...xs),
        Math.min(...ys),
        Math.max(...xs) - Math.min(...xs),
        Math.max(...ys) - Math.min(...ys),
      ];
    }
    if (!holds.attributes) delete out.attributes;
    annotations.push(out);
  }
  const keep = new Set(annotations.map((a) => a.sample));
  // Image-only formats list the images that have a label.
  const imageOnly = holds.kinds.length === 1 && holds.kinds[0] === 'classification';
  const samples = dataset.samples
    .filter((s) => !imageOnly || keep.has(s.key))
    .map((s) => {
      if (holds.splits) return s;
      const { split: _s, ...rest } = s;
      return rest;
    });
  const classes = holds.pointNames ? dataset.classes : dataset.classes.map(({ keypoints: _k, ...c }) => c);
  return { classes, samples, annotations };
}

/**
 * A sample's identity across formats: its file name. Formats that file images by split or class give
 * keys with those folders (YOLO `train/a.jpg`, class folders `train/cat/a.jpg`); the file is the same.
 */
export const fileOf = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

/** Annotations as comparable rows: `file | label | kind` → boxes (and keypoints) in order. */
export function rows(annotations: Annotation[]): Map<string, Annotation[]> {
  const out = new Map<string, Annotation[]>();
  const order = (a: Annotation) => (a.bbox ? a.bbox[0] * 1e4 + a.bbox[1] : 0);
  for (const a of annotations) {
    const key = `${fileOf(a.sample)} | ${a.label ?? ''} | ${a.kind}`;
    out.set(key, [...(out.get(key) ?? []), a]);
  }
  for (const list of out.values()) list.sort((x, y) => order(x) - order(y));
  return out;
}
