import { ANNOTATION_KINDS } from '../../model/annotation.js';
import type {
  FlatValues,
  LabelAnnotation,
  LabelAnnotationList,
  LabelCheckInput,
  RawLabelColumns,
} from './label-check-input.js';

/** No class on the annotation. */
export const NO_CLASS = -1;
/** A class name that is not in the class map. */
export const UNKNOWN_CLASS = -2;

/** Kinds the checks tell apart (LabelColumns.kind); every other kind is KIND_OTHER. */
export const KIND_OTHER = 0;
export const KIND_CLASSIFICATION = 1;
export const KIND_KEYPOINTS = 2;
export const KIND_POLYGON = 3;
/**
 * A span, a cuboid or per-point labels: geometry that is not in image pixels (a text range, a 3D box,
 * labels on points), which the text and LiDAR checks judge; the image geometry checks leave it alone.
 */
export const KIND_NOT_IMAGE = 4;
/** Per-point labels: no image geometry either, and no `label` of their own (their classes are per point). */
export const KIND_POINT_LABELS = 5;

const KIND_CODE: Readonly<Record<string, number>> = {
  classification: KIND_CLASSIFICATION,
  keypoints: KIND_KEYPOINTS,
  polygon: KIND_POLYGON,
  span: KIND_NOT_IMAGE,
  cuboid: KIND_NOT_IMAGE,
  point_labels: KIND_POINT_LABELS,
};

/** Whether row i's geometry is image geometry (every kind but spans, cuboids and per-point labels). */
export function isImageKind(c: LabelColumns, i: number): boolean {
  return c.kind[i] !== KIND_NOT_IMAGE && c.kind[i] !== KIND_POINT_LABELS;
}

/**
 * The annotations as typed columns (one row per annotation, in input order) plus a per-sample index,
 * so the checks run over flat arrays instead of objects (a row becomes an object only for an issue).
 */
export interface LabelColumns {
  n: number;
  /** Index into input.samples, -1 when the annotation's sample is not in the list. */
  sample: Int32Array;
  /** Index into input.classes, or NO_CLASS / UNKNOWN_CLASS. */
  cls: Int32Array;
  /** KIND_* of each row. */
  kind: Uint8Array;
  /** 1 when the annotation has a box (of any kind). */
  hasBbox: Uint8Array;
  /** Box columns; NaN when the annotation has no box. */
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  /** Polygon rings (count, lengths, values per row) and keypoints. */
  points: FlatValues;
  keypoints: FlatValues;
  /** Image width and height per sample (scanned, else declared); NaN when unknown. */
  imageW: Float64Array;
  imageH: Float64Array;
  /** Rows of sample s are order[start[s] .. start[s + 1]), in input order. */
  start: Int32Array;
  order: Int32Array;
  /** Row → indices into input.classes of the classes its per-point labels use (point_labels rows). */
  pointCls: Map<number, number[]>;
}

function sampleSize(input: LabelCheckInput): { imageW: Float64Array; imageH: Float64Array } {
  const m = input.samples.length;
  const imageW = new Float64Array(m).fill(Number.NaN);
  const imageH = new Float64Array(m).fill(Number.NaN);
  input.samples.forEach((s, i) => {
    const w = s.probe?.width ?? s.width;
    const h = s.probe?.height ?? s.height;
    if (w !== undefined && h !== undefined && w > 0 && h > 0) {
      imageW[i] = w;
      imageH[i] = h;
    }
  });
  return { imageW, imageH };
}

/** Flat values of every row from per-row number lists (`encode` lays a row's out). */
function flatOf(n: number, rowAt: (i: number) => number[] | undefined): FlatValues {
  const start = new Int32Array(n + 1);
  const has = new Uint8Array(n);
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = rowAt(i);
    if (row !== undefined) {
      has[i] = 1;
      for (const v of row) all.push(v);
    }
    start[i + 1] = all.length;
  }
  return { values: Float64Array.from(all), start, has };
}

/** A polygon's rings in the stored layout: ring count, ring lengths, then the values. */
function encodeRings(rings: number[][]): number[] {
  const out = [rings.length, ...rings.map((r) => r.length)];
  for (const r of rings) for (const v of r) out.push(v);
  return out;
}

/** Columns from a list of objects (tests, small inputs). */
function fromObjects(input: LabelCheckInput, c: LabelColumns, classIndex: Map<string, number>): void {
  const list = input.annotations;
  for (let i = 0; i < c.n; i++) {
    const a = list.at(i)!;
    c.cls[i] = a.label === undefined ? NO_CLASS : (classIndex.get(a.label) ?? UNKNOWN_CLASS);
    c.kind[i] = KIND_CODE[a.kind] ?? KIND_OTHER;
    c.hasBbox[i] = a.bbox === undefined ? 0 : 1;
    fillBox(c, i, a.bbox, a.kind === 'classification');
    if (a.pointClasses !== undefined) c.pointCls.set(i, known(a.pointClasses, classIndex));
  }
  c.points = flatOf(c.n, (i) => {
    const p = list.at(i)!.points;
    return p === undefined ? undefined : encodeRings(p);
  });
  c.keypoints = flatOf(c.n, (i) => list.at(i)!.keypoints);
}

/** Columns from columns (a project's rows): no object per row. */
function fromRaw(r: RawLabelColumns, c: LabelColumns, classIndex: Map<string, number>): void {
  const clsOf = new Map<number, number>();
  const codes = ANNOTATION_KINDS.map((k) => KIND_CODE[k] ?? KIND_OTHER);
  for (let i = 0; i < c.n; i++) {
    const id = r.classId[i]!;
    let k = clsOf.get(id);
    if (k === undefined) {
      k = id < 0 ? NO_CLASS : (classIndex.get(r.className(id)) ?? UNKNOWN_CLASS);
      clsOf.set(id, k);
    }
    c.cls[i] = k;
    const kind = r.kind[i]!;
    c.kind[i] = kind === 0 ? KIND_OTHER : codes[kind - 1]!;
    c.hasBbox[i] = r.hasBox[i]!;
    const has = r.hasBox[i] === 1 && c.kind[i] !== KIND_CLASSIFICATION;
    c.x[i] = has ? r.box[4 * i]! : Number.NaN;
    c.y[i] = has ? r.box[4 * i + 1]! : Number.NaN;
    c.w[i] = has ? r.box[4 * i + 2]! : Number.NaN;
    c.h[i] = has ? r.box[4 * i + 3]! : Number.NaN;
  }
  c.points = r.points;
  c.keypoints = r.keypoints;
  for (const [i, names] of r.pointClasses ?? []) c.pointCls.set(i, known(names, classIndex));
}

/** The indices of the names that are in the class map. */
function known(names: readonly string[], classIndex: Map<string, number>): number[] {
  return names.map((n) => classIndex.get(n) ?? -1).filter((k) => k >= 0);
}

function fillBox(c: LabelColumns, i: number, b: LabelAnnotation['bbox'], classification: boolean): void {
  const has = b !== undefined && !classification;
  c.x[i] = has ? b[0] : Number.NaN;
  c.y[i] = has ? b[1] : Number.NaN;
  c.w[i] = has ? b[2] : Number.NaN;
  c.h[i] = has ? b[3] : Number.NaN;
}

/** Builds the columns in O(annotations + samples): a counting sort groups rows by sample. */
export function labelColumns(input: LabelCheckInput): LabelColumns {
  const n = input.annotations.length;
  const m = input.samples.length;
  const sampleIndex = new Map(input.samples.map((s, i) => [s.id, i]));
  const classIndex = new Map(input.classes.map((name, i) => [name, i]));
  const none: FlatValues = {
    values: new Float64Array(0),
    start: new Int32Array(n + 1),
    has: new Uint8Array(n),
  };
  const c: LabelColumns = {
    n,
    sample: new Int32Array(n),
    cls: new Int32Array(n),
    kind: new Uint8Array(n),
    hasBbox: new Uint8Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    w: new Float64Array(n),
    h: new Float64Array(n),
    points: none,
    keypoints: none,
    ...sampleSize(input),
    start: new Int32Array(m + 1),
    order: new Int32Array(n),
    pointCls: new Map(),
  };
  const raw = (input.annotations as LabelAnnotationList).rawColumns?.();
  if (raw) fromRaw(raw, c, classIndex);
  else fromObjects(input, c, classIndex);
  for (let i = 0; i < n; i++) {
    const sampleId = raw ? raw.sampleId[i]! : input.annotations.at(i)!.sampleId;
    const s = sampleIndex.get(sampleId) ?? -1;
    c.sample[i] = s;
    if (s >= 0) c.start[s + 1]!++;
  }
  for (let s = 0; s < m; s++) c.start[s + 1]! += c.start[s]!;
  const next = c.start.slice(0, m);
  for (let i = 0; i < n; i++) {
    const s = c.sample[i]!;
    if (s >= 0) c.order[next[s]!++] = i;
  }
  return c;
}

/** "annotation 12 (original id 7)": how reasons name an annotation. */
export function annotationName(a: LabelAnnotation): string {
  return a.originalId === undefined || String(a.originalId) === String(a.id)
    ? `annotation ${a.id}`
    : `annotation ${a.id} (original id ${a.originalId})`;
}

/** Intersection over union of boxes i and j of the columns. */
export function boxIou(c: LabelColumns, i: number, j: number): number {
  const ix = Math.min(c.x[i]! + c.w[i]!, c.x[j]! + c.w[j]!) - Math.max(c.x[i]!, c.x[j]!);
  const iy = Math.min(c.y[i]! + c.h[i]!, c.y[j]! + c.h[j]!) - Math.max(c.y[i]!, c.y[j]!);
  if (!(ix > 0 && iy > 0)) return 0;
  const inter = ix * iy;
  return inter / (c.w[i]! * c.h[i]! + c.w[j]! * c.h[j]! - inter);
}
