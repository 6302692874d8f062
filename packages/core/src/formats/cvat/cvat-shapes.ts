import { ellipseArea, ellipseBox, ellipsePolygon } from '../../geometry/ellipse.js';
import type { Annotation, AnnotationKind, AttributeValue } from '../../model/annotation.js';
import { rleFromCvatMask } from './cvat-mask.js';
import type { CvatLabelSpec } from './cvat-meta.js';
import { typedAttribute } from './cvat-meta.js';
import { type XmlNode, xmlAttr, xmlChildren, xmlText } from './cvat-xml.js';

/** The CVAT shape tags Assay reads, and the canonical kind each becomes. */
export const CVAT_SHAPES: Readonly<Record<string, AnnotationKind>> = {
  box: 'bbox',
  polygon: 'polygon',
  polyline: 'polyline',
  points: 'keypoints',
  tag: 'classification',
  mask: 'mask',
  skeleton: 'keypoints',
  // No ellipse kind in the model: a 32-point polygon with the ellipse's own box and area (readEllipse).
  ellipse: 'polygon',
};

/** CVAT shape tags Assay does not read yet: reported as skipped, never dropped silently. */
export const CVAT_UNSUPPORTED_SHAPES = ['cuboid'] as const;

/** Shape attributes that are CVAT XML attributes rather than `<attribute>` children. */
export const CVAT_SHAPE_FIELDS = ['occluded', 'z_order', 'group_id', 'rotation'] as const;

export interface ShapeContext {
  sample: string;
  source: string;
  width?: number;
  height?: number;
  /** Label spec when `<meta>` declares the label. */
  spec?: CvatLabelSpec;
}

type Shape = { annotation: Annotation } | { refused: string };

function num(node: XmlNode, name: string): number {
  const text = xmlAttr(node, name);
  return text === undefined || text.trim() === '' ? Number.NaN : Number(text);
}

/** "x0,y0;x1,y1;..." → flat [x0, y0, x1, y1, ...], or undefined when a value is not a number. */
export function parseCvatPoints(text: string | undefined): number[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const flat: number[] = [];
  for (const pair of text.split(';')) {
    const [x, y, extra] = pair.split(',');
    if (x === undefined || y === undefined || extra !== undefined) return undefined;
    const px = Number(x);
    const py = Number(y);
    if (!Number.isFinite(px) || !Number.isFinite(py) || x.trim() === '' || y.trim() === '') return undefined;
    flat.push(px, py);
  }
  return flat;
}

/** Tight box of flat [x, y, ...] coordinates taken `stride` at a time. */
export function extentBox(flat: number[], stride = 2): [number, number, number, number] {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < flat.length; i += stride) {
    const x = flat[i] ?? 0;
    const y = flat[i + 1] ?? 0;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

/** Axis-aligned box of a box rotated by `degrees` (clockwise, as CVAT) about its centre. */
function rotatedEnvelope(x0: number, y0: number, x1: number, y1: number, degrees: number): number[] {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const r = (degrees * Math.PI) / 180;
  const corners: number[] = [];
  for (const [x, y] of [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ] as const) {
    const dx = x - cx;
    const dy = y - cy;
    corners.push(cx + dx * Math.cos(r) - dy * Math.sin(r), cy + dx * Math.sin(r) + dy * Math.cos(r));
  }
  return extentBox(corners);
}

function readBox(node: XmlNode, rotation: number): Omit<Annotation, 'sample' | 'source' | 'kind'> | string {
  const [xtl, ytl, xbr, ybr] = [num(node, 'xtl'), num(node, 'ytl'), num(node, 'xbr'), num(node, 'ybr')];
  if (![xtl, ytl, xbr, ybr].every(Number.isFinite)) return 'xtl/ytl/xbr/ybr must all be numbers';
  if (xbr < xtl || ybr < ytl)
    return `the box corners are swapped (xtl ${xtl} > xbr ${xbr} or ytl ${ytl} > ybr ${ybr})`;
  const bbox =
    rotation === 0 ? [xtl, ytl, xbr - xtl, ybr - ytl] : rotatedEnvelope(xtl, ytl, xbr, ybr, rotation);
  return { bbox: bbox as [number, number, number, number] };
}

function readPoints(
  node: XmlNode,
  kind: AnnotationKind,
): Omit<Annotation, 'sample' | 'source' | 'kind'> | string {
  const flat = parseCvatPoints(xmlAttr(node, 'points'));
  if (flat === undefined) return `points="${xmlAttr(node, 'points') ?? ''}" is not a list of x,y;x,y pairs`;
  const min = kind === 'polygon' ? 3 : kind === 'polyline' ? 2 : 1;
  if (flat.length / 2 < min) return `a ${kind} needs at least ${min} points, it has ${flat.length / 2}`;
  if (kind !== 'keypoints') return { points: [flat], bbox: extentBox(flat) };
  const keypoints: number[] = [];
  for (let i = 0; i < flat.length; i += 2) keypoints.push(flat[i] ?? 0, flat[i + 1] ?? 0, 2);
  return { keypoints, bbox: extentBox(flat) };
}

/**
 * An `<ellipse cx cy rx ry rotation>` (CVAT: centre and half-axes in pixels, `rotation` in degrees
 * clockwise) as a polygon of 32 points on it, with the ellipse's exact box and area (π·rx·ry) and the
 * attribute `shape: ellipse`; the reader counts these approximations in a warning.
 */
function readEllipse(
  node: XmlNode,
  rotation: number,
): Omit<Annotation, 'sample' | 'source' | 'kind'> | string {
  const [cx, cy, rx, ry] = [num(node, 'cx'), num(node, 'cy'), num(node, 'rx'), num(node, 'ry')];
  if (![cx, cy, rx, ry].every(Number.isFinite)) return 'cx/cy/rx/ry must all be numbers';
  if (rx <= 0 || ry <= 0) return `the half-axes must be positive (rx ${rx}, ry ${ry})`;
  const e = { cx, cy, rx, ry, degrees: rotation };
  return { points: [ellipsePolygon(e)], bbox: ellipseBox(e), area: ellipseArea(e) };
}

function readMask(node: XmlNode, ctx: ShapeContext): Omit<Annotation, 'sample' | 'source' | 'kind'> | string {
  if (ctx.width === undefined || ctx.height === undefined) return 'a mask needs the image width and height';
  const rle = (xmlAttr(node, 'rle') ?? '').split(',').map((v) => Number(v.trim()));
  const [left, top, width, height] = [
    num(node, 'left'),
    num(node, 'top'),
    num(node, 'width'),
    num(node, 'height'),
  ];
  if (![left, top, width, height, ...rle].every((v) => Number.isInteger(v) && v >= 0)) {
    return 'rle, left, top, width and height must be non-negative integers';
  }
  const mask = rleFromCvatMask({ rle, left, top, width, height }, ctx.width, ctx.height);
  if (typeof mask === 'string') return mask;
  const area = rle.reduce((sum, run, i) => (i % 2 === 1 ? sum + run : sum), 0);
  return { mask, bbox: [left, top, width, height], area };
}

/**
 * A `<skeleton>`: its `<points label=...>` children, one point each, become one keypoints annotation
 * whose points follow the skeleton label's point names in `<meta>` (else the children's order); a
 * point `outside="1"` or missing is v=0 at (0, 0), `occluded="1"` is v=1, else v=2. The box is the
 * extent of the points present.
 */
function readSkeleton(
  node: XmlNode,
  ctx: ShapeContext,
): Omit<Annotation, 'sample' | 'source' | 'kind'> | string {
  const children = xmlChildren(node, 'points');
  const names = ctx.spec?.points ?? children.map((c) => xmlAttr(c, 'label') ?? '');
  const at = new Map<string, [number, number, number]>();
  for (const child of children) {
    const name = xmlAttr(child, 'label') ?? '';
    const flat = parseCvatPoints(xmlAttr(child, 'points'));
    if (flat === undefined || flat.length !== 2)
      return `skeleton point "${name}" has points="${xmlAttr(child, 'points') ?? ''}", not one x,y pair`;
    if (!names.includes(name))
      return `skeleton point "${name}" is not a point of "${xmlAttr(node, 'label') ?? ''}" in <meta>`;
    if (xmlAttr(child, 'outside') === '1') continue;
    at.set(name, [flat[0] ?? 0, flat[1] ?? 0, xmlAttr(child, 'occluded') === '1' ? 1 : 2]);
  }
  const keypoints = names.flatMap((n) => at.get(n) ?? [0, 0, 0]);
  const present: number[] = [];
  for (const [x, y] of at.values()) present.push(x, y);
  return { keypoints, bbox: present.length > 0 ? extentBox(present) : [0, 0, 0, 0] };
}

function readAttributes(node: XmlNode, tag: string, ctx: ShapeContext): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  if (tag !== 'tag') attributes.occluded = xmlAttr(node, 'occluded') === '1';
  for (const field of ['z_order', 'group_id', 'rotation'] as const) {
    const value = num(node, field);
    if (Number.isFinite(value) && value !== 0) attributes[field] = value;
  }
  for (const child of xmlChildren(node, 'attribute')) {
    const name = xmlAttr(child, 'name');
    if (name) attributes[name] = typedAttribute(xmlText(child), ctx.spec?.attributes.get(name));
  }
  return attributes;
}

/** Reads one CVAT shape element into an annotation, or the reason it is skipped. */
export function readCvatShape(tag: string, node: XmlNode, ctx: ShapeContext): Shape {
  const kind = CVAT_SHAPES[tag];
  if (kind === undefined) return { refused: `<${tag}> shapes are not supported` };
  const label = xmlAttr(node, 'label');
  const attributes = readAttributes(node, tag, ctx);
  // Only the XML `rotation` turns the box; an `<attribute name="rotation">` (Assay's own export of an
  // already axis-aligned box) is kept as data.
  const rotation = Number.isFinite(num(node, 'rotation')) ? num(node, 'rotation') : 0;
  let geometry: Omit<Annotation, 'sample' | 'source' | 'kind'> | string = {};
  if (kind === 'bbox') geometry = readBox(node, rotation);
  else if (kind === 'mask') geometry = readMask(node, ctx);
  else if (tag === 'skeleton') geometry = readSkeleton(node, ctx);
  else if (tag === 'ellipse') {
    geometry = readEllipse(node, rotation);
    attributes.shape = 'ellipse';
  } else if (kind !== 'classification') geometry = readPoints(node, kind);
  if (typeof geometry === 'string') return { refused: geometry };
  const annotation: Annotation = { sample: ctx.sample, source: ctx.source, kind, ...geometry };
  if (label) annotation.label = label;
  if (Object.keys(attributes).length > 0) annotation.attributes = attributes;
  return { annotation };
}
