import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import { lsBrushMask } from './label-studio-brush.js';

/** One item of a Label Studio `result` list. */
export interface LsResult {
  id?: string;
  type?: string;
  from_name?: string;
  to_name?: string;
  value?: Record<string, unknown>;
  original_width?: number;
  original_height?: number;
  score?: number;
  /** The region this one belongs to (Label Studio sets it on regions drawn inside another). */
  parentID?: string;
  /** Ends of a `relation` result. */
  from_id?: string;
  to_id?: string;
}

/** Geometry-free results that annotate a region when they share its id (per-region text, choices...). */
export const PER_REGION_TYPES = new Set(['textarea', 'choices', 'taxonomy', 'rating', 'number', 'datetime']);
const LABEL_KEYS = [
  'rectanglelabels',
  'polygonlabels',
  'keypointlabels',
  'ellipselabels',
  'brushlabels',
  'labels',
];

type Geometry = Omit<Annotation, 'sample' | 'source' | 'label'>;
export type ResultRead = { annotations: Geometry[]; labels: string[] } | { refused: string };

const pct = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
// Positions may lie past the image edge (Assay's own export writes boxes that reach past it as they
// are, and `assay check` reports them as out_of_bounds); sizes may not be negative.
const okPosition = (...values: number[]): boolean => values.every((v) => Number.isFinite(v));
const okSize = (...values: number[]): boolean => values.every((v) => Number.isFinite(v) && v >= 0);
const BAD_PERCENT = 'coordinates must be finite percentages (sizes non-negative)';

/** The label list of a result: value[type], else the first *labels list the value carries. */
export function resultLabels(r: LsResult): string[] {
  const value = r.value ?? {};
  const keys = [r.type ?? '', ...LABEL_KEYS];
  for (const k of keys) {
    const v = value[k];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  }
  return [];
}

/** Axis-aligned box of a rectangle rotated clockwise by `deg` about its top-left corner (Label Studio). */
function rotatedBox(
  x: number,
  y: number,
  w: number,
  h: number,
  deg: number,
): [number, number, number, number] {
  const r = (deg * Math.PI) / 180;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [dx, dy] of [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ] as const) {
    xs.push(x + dx * Math.cos(r) - dy * Math.sin(r));
    ys.push(y + dx * Math.sin(r) + dy * Math.cos(r));
  }
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0];
}

function rectangle(v: Record<string, unknown>, W: number, H: number): ResultRead | Geometry {
  const [x, y, w, h] = [pct(v.x), pct(v.y), pct(v.width), pct(v.height)];
  if (!okPosition(x, y) || !okSize(w, h)) return { refused: BAD_PERCENT };
  const rotation = (((pct(v.rotation) || 0) % 360) + 360) % 360;
  const px = [(x * W) / 100, (y * H) / 100, (w * W) / 100, (h * H) / 100] as const;
  if (rotation === 0) return { kind: 'bbox', bbox: [...px] };
  const attributes: Record<string, AttributeValue> = { rotation };
  return { kind: 'bbox', bbox: rotatedBox(...px, rotation), attributes };
}

function ellipse(v: Record<string, unknown>, W: number, H: number): ResultRead | Geometry {
  const [x, y, rx, ry] = [pct(v.x), pct(v.y), pct(v.radiusX), pct(v.radiusY)];
  if (!okPosition(x, y) || !okSize(rx, ry)) return { refused: BAD_PERCENT };
  const bbox: [number, number, number, number] = [
    ((x - rx) * W) / 100,
    ((y - ry) * H) / 100,
    (2 * rx * W) / 100,
    (2 * ry * H) / 100,
  ];
  return { kind: 'bbox', bbox, attributes: { shape: 'ellipse' } };
}

function polygon(v: Record<string, unknown>, W: number, H: number): ResultRead | Geometry {
  const points = Array.isArray(v.points) ? (v.points as unknown[]) : [];
  const flat: number[] = [];
  for (const p of points) {
    const [x, y] = Array.isArray(p) ? [pct(p[0]), pct(p[1])] : [Number.NaN, Number.NaN];
    if (!okPosition(x, y)) return { refused: `polygon ${BAD_PERCENT}` };
    flat.push((x * W) / 100, (y * H) / 100);
  }
  if (flat.length < 6) return { refused: `a polygon needs at least 3 points, it has ${flat.length / 2}` };
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < flat.length; i += 2) {
    const [x, y] = [flat[i] as number, flat[i + 1] as number];
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return { kind: 'polygon', points: [flat], bbox: [x0, y0, x1 - x0, y1 - y0] };
}

function keypoint(v: Record<string, unknown>, W: number, H: number): ResultRead | Geometry {
  const [x, y] = [pct(v.x), pct(v.y)];
  if (!okPosition(x, y)) return { refused: BAD_PERCENT };
  const [px, py] = [(x * W) / 100, (y * H) / 100];
  return { kind: 'keypoints', keypoints: [px, py, 2], bbox: [px, py, 0, 0] };
}

/**
 * Converts one spatial or choices result into canonical geometry (pixels of a W×H image). Rectangles
 * with a rotation keep the axis-aligned box of the rotated one and `rotation` (degrees) as an attribute;
 * ellipses become their box (attribute shape: ellipse); each keypoint is its own keypoints annotation.
 */
export function readLsResult(r: LsResult, W: number, H: number): ResultRead {
  const type = r.type ?? '';
  const v = r.value ?? {};
  if (type === 'choices') {
    const choices = Array.isArray(v.choices) ? v.choices.filter((c) => typeof c === 'string') : [];
    if (choices.length === 0) return { refused: 'a choices result has no choices' };
    return { annotations: choices.map(() => ({ kind: 'classification' })), labels: choices as string[] };
  }
  if (type.startsWith('brush')) {
    if (v.format !== undefined && v.format !== 'rle')
      return { refused: `brush masks in format "${String(v.format)}" are not read (only "rle")` };
    if (!Array.isArray(v.rle)) return { refused: 'a brush result has no rle list' };
    const mask = lsBrushMask(v.rle, Math.round(W), Math.round(H));
    if ('refused' in mask) return mask;
    const area = rleArea(mask);
    if (area === 0) return { refused: 'the brush mask is empty' };
    return {
      annotations: [{ kind: 'mask', mask, bbox: rleToBbox(mask), area }],
      labels: resultLabels(r).slice(0, 1),
    };
  }
  let g: ResultRead | Geometry;
  if (type.startsWith('polygon') || Array.isArray(v.points)) g = polygon(v, W, H);
  else if (type.startsWith('ellipse') || 'radiusX' in v) g = ellipse(v, W, H);
  else if (type.startsWith('keypoint')) g = keypoint(v, W, H);
  else if ('x' in v && 'height' in v) g = rectangle(v, W, H);
  else return { refused: `"${type}" results are not image regions Assay reads` };
  if ('refused' in g || 'annotations' in g) return g;
  return { annotations: [g], labels: resultLabels(r).slice(0, 1) };
}

/** Whether a result carries image-region geometry (needs the image size). */
export function isSpatial(r: LsResult): boolean {
  return r.type !== 'choices' && r.type !== 'relation' && !PER_REGION_TYPES.has(r.type ?? '');
}

/** A string, number or boolean: what may be joined into text (a nested list might be nested without end). */
const isPlain = (x: unknown): boolean =>
  typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';

/** A per-region result's value as an attribute value (texts joined by newlines, lists by `, `). */
export function perRegionValue(r: LsResult): AttributeValue | undefined {
  const v = r.value ?? {};
  const raw = v[r.type ?? ''] ?? v.text ?? v.choices;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw))
    return raw
      .map((x) => (Array.isArray(x) ? x.filter(isPlain).map(String).join('/') : isPlain(x) ? String(x) : ''))
      .join(r.type === 'textarea' ? '\n' : ', ');
  return undefined;
}
