import { ellipseArea, ellipseBox, ellipsePolygon } from '../../geometry/ellipse.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import { extentBox } from '../cvat/cvat-shapes.js';
import { previewJson } from '../preview-json.js';

/** What a LabelMe shape becomes, less sample and source; `approximated` names a shape read as another. */
export type LabelMeGeometry = Omit<Annotation, 'sample' | 'source'> & { approximated?: 'circle' | 'mask' };

/** Points a shape type must have exactly (LabelMe's _label_file.py checks the same). */
const EXACT: Record<string, number> = {
  point: 1,
  rectangle: 2,
  line: 2,
  circle: 2,
  mask: 2,
  oriented_rectangle: 4,
  rotation: 4,
};

function flatPoints(raw: unknown): number[] | string {
  if (!Array.isArray(raw)) return `"points" is not a list: ${previewJson(raw)}`;
  const flat: number[] = [];
  for (const p of raw) {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v)))
      return `"points" holds ${previewJson(p)}, not an [x, y] pair of numbers`;
    flat.push(p[0] as number, p[1] as number);
  }
  return flat;
}

/** Attributes of a shape: group_id, description, its true/false flags and an `attributes` object (Assay's). */
function shapeAttributes(s: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  if (typeof s.attributes === 'object' && s.attributes !== null)
    for (const [k, v] of Object.entries(s.attributes))
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  // X-AnyLabeling, which writes LabelMe's layout, adds `difficult`.
  if (typeof s.difficult === 'boolean' && s.difficult) out.difficult = true;
  if (typeof s.group_id === 'number') out.group_id = s.group_id;
  if (typeof s.description === 'string' && s.description !== '') out.description = s.description;
  if (typeof s.flags === 'object' && s.flags !== null)
    for (const [k, v] of Object.entries(s.flags)) if (typeof v === 'boolean') out[k] = v;
  return out;
}

/**
 * One entry of a LabelMe file's `shapes` (wkentaro/labelme: `label`, `points` [[x, y], ...] in pixels,
 * `shape_type`, `group_id`, `description`, `flags`, `mask`): rectangle (two opposite corners, either
 * order) → bbox; polygon (also a missing/null shape_type, as LabelMe reads it) and oriented_rectangle →
 * polygon; line, linestrip → polyline; point, points → keypoints (v=2); circle (centre, then a point on
 * it) → a 32-point polygon with the circle's box and area; mask (a PNG of the box between its two
 * points) → its box here, its pixels in labelme-mask.ts. Returns the reason when the shape cannot be read.
 */
export function readLabelMeShape(raw: unknown): LabelMeGeometry | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return `not an object: ${previewJson(raw)}`;
  const s = raw as Record<string, unknown>;
  if (typeof s.label !== 'string' || s.label.trim() === '')
    return `"label" is not a non-empty string: ${previewJson(s.label)}`;
  const type = s.shape_type ?? 'polygon';
  if (typeof type !== 'string') return `"shape_type" is not a string: ${previewJson(type)}`;
  const flat = flatPoints(s.points);
  if (typeof flat === 'string') return flat;
  const n = flat.length / 2;
  const exact = EXACT[type];
  if (exact !== undefined && n !== exact)
    return `a ${type} has ${exact} point${exact === 1 ? '' : 's'}, this one ${n}`;
  const attributes = shapeAttributes(s);
  const base = {
    label: s.label,
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    // X-AnyLabeling's model predictions carry a score.
    ...(typeof s.score === 'number' && Number.isFinite(s.score) ? { score: s.score } : {}),
  };
  const box = extentBox(flat);
  switch (type) {
    case 'rectangle':
      return { ...base, kind: 'bbox', bbox: box };
    case 'mask':
      return { ...base, kind: 'bbox', bbox: box, approximated: 'mask' };
    case 'polygon':
    case 'oriented_rectangle':
    case 'rotation': // X-AnyLabeling's turned box: its 4 corners
      if (n < 3) return `a polygon needs at least 3 points, this one has ${n}`;
      return { ...base, kind: 'polygon', points: [flat], bbox: box };
    case 'line':
    case 'linestrip':
      if (n < 2) return `a ${type} needs at least 2 points, this one has ${n}`;
      return { ...base, kind: 'polyline', points: [flat], bbox: box };
    case 'point':
    case 'points': {
      if (n < 1) return 'a point shape has no point';
      const keypoints: number[] = [];
      for (let i = 0; i < flat.length; i += 2) keypoints.push(flat[i] as number, flat[i + 1] as number, 2);
      return { ...base, kind: 'keypoints', keypoints, bbox: box };
    }
    case 'circle': {
      const [cx, cy, px, py] = flat as [number, number, number, number];
      const r = Math.hypot(px - cx, py - cy);
      if (r === 0) return 'a circle of radius 0 (its two points are the same)';
      const e = { cx, cy, rx: r, ry: r };
      const attributes = { ...base.attributes, shape: 'circle' };
      return {
        ...base,
        attributes,
        kind: 'polygon',
        points: [ellipsePolygon(e)],
        bbox: ellipseBox(e),
        area: ellipseArea(e),
        approximated: 'circle',
      };
    }
    default:
      return `shape_type "${type}" is not one LabelMe writes (polygon, rectangle, oriented_rectangle, circle, line, linestrip, point, points, mask)`;
  }
}
