import type { LabelAnnotation, LabelCheckInput } from './label-check-input.js';

/** No class on the annotation. */
export const NO_CLASS = -1;
/** A class name that is not in the class map. */
export const UNKNOWN_CLASS = -2;

/**
 * The annotations as typed columns (one row per annotation, in input order) plus a per-sample index,
 * so the checks run over flat arrays instead of objects.
 */
export interface LabelColumns {
  n: number;
  /** Index into input.samples, -1 when the annotation's sample is not in the list. */
  sample: Int32Array;
  /** Index into input.classes, or NO_CLASS / UNKNOWN_CLASS. */
  cls: Int32Array;
  /** Box columns; NaN when the annotation has no box. */
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  /** Image width and height per sample (scanned, else declared); NaN when unknown. */
  imageW: Float64Array;
  imageH: Float64Array;
  /** Rows of sample s are order[start[s] .. start[s + 1]), in input order. */
  start: Int32Array;
  order: Int32Array;
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

function fillBox(c: LabelColumns, i: number, a: LabelAnnotation): void {
  const b = a.bbox;
  const has = b !== undefined && a.kind !== 'classification';
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
  const c: LabelColumns = {
    n,
    sample: new Int32Array(n),
    cls: new Int32Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    w: new Float64Array(n),
    h: new Float64Array(n),
    ...sampleSize(input),
    start: new Int32Array(m + 1),
    order: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const a = input.annotations.at(i)!;
    const s = sampleIndex.get(a.sampleId) ?? -1;
    c.sample[i] = s;
    c.cls[i] = a.label === undefined ? NO_CLASS : (classIndex.get(a.label) ?? UNKNOWN_CLASS);
    fillBox(c, i, a);
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
