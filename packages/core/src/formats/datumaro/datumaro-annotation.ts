import { ellipseArea, ellipseBox, ellipsePolygon } from '../../geometry/ellipse.js';
import { rleArea, rleCheck, rleToBbox } from '../../geometry/rle.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import { readBbox, readSegmentation } from '../coco/read-geometry.js';
import { extentBox } from '../cvat/cvat-shapes.js';
import { previewJson } from '../preview-json.js';

/** What a Datumaro annotation becomes, less sample and source; `approximated` names a shape read as another. */
export type DmGeometry = Omit<Annotation, 'sample' | 'source'> & { approximated?: 'ellipse' };

/** Annotation types Datumaro writes that have no counterpart in Assay's model (counted, not read). */
export const UNREAD_TYPES: ReadonlySet<string> = new Set([
  'caption',
  'cuboid_3d',
  'cuboid_2d',
  'depth_annotation',
  'super_resolution_annotation',
  'tabular',
]);

function numbers(raw: unknown, what: string): number[] | string {
  if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'number' && Number.isFinite(v)))
    return `${what} is not a list of numbers: ${previewJson(raw)}`;
  return raw as number[];
}

function attributesOf(a: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  if (typeof a.attributes === 'object' && a.attributes !== null && !Array.isArray(a.attributes))
    for (const [k, v] of Object.entries(a.attributes))
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  // Datumaro's `group` ties annotations of one object together (0: none), as CVAT's does.
  if (typeof a.group === 'number' && a.group !== 0) out.group = a.group;
  return out;
}

/**
 * One entry of a Datumaro item's `annotations` ({id, type, attributes, group, label_id, z_order, and the
 * type's own fields}): label → classification; bbox [x, y, w, h] → bbox; polygon and polyline (flat
 * `points`) → polygon, polyline; points (flat, with `visibility` 0 absent, 1 hidden, 2 visible, as COCO's
 * v) → keypoints; mask (`rle`, COCO's compressed counts) → mask; ellipse (`points` [x1, y1, x2, y2], its
 * box's corners) → a 32-point polygon with the ellipse's own box and area. `labels` maps label_id to a
 * class name. Returns the reason when it cannot be read, or undefined for a type it does not read.
 */
export function readDmAnnotation(raw: unknown, labels: readonly string[]): DmGeometry | string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return `not an object: ${previewJson(raw)}`;
  const a = raw as Record<string, unknown>;
  const type = a.type;
  if (typeof type !== 'string') return `"type" is not a string: ${previewJson(type)}`;
  if (type === 'hash_key' || UNREAD_TYPES.has(type)) return undefined;
  let label: string | undefined;
  if (a.label_id !== undefined && a.label_id !== null) {
    if (typeof a.label_id !== 'number' || !Number.isInteger(a.label_id))
      return `"label_id" is not an integer: ${previewJson(a.label_id)}`;
    label = labels[a.label_id];
    if (label === undefined)
      return `"label_id" ${a.label_id} names no label (categories.label.labels has ${labels.length})`;
  }
  const attributes = attributesOf(a);
  const base = {
    ...(label !== undefined ? { label } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    ...(typeof a.id === 'number' || typeof a.id === 'string' ? { originalId: a.id } : {}),
  };
  switch (type) {
    case 'label':
      if (label === undefined) return 'a label annotation without "label_id"';
      return { ...base, kind: 'classification' };
    case 'bbox': {
      const box = readBbox(a.bbox);
      if (box === undefined || typeof box === 'string') return box ?? '"bbox" is missing';
      return { ...base, kind: 'bbox', bbox: box };
    }
    case 'polygon':
    case 'polyline': {
      const flat = numbers(a.points, '"points"');
      if (typeof flat === 'string') return flat;
      const least = type === 'polygon' ? 3 : 2;
      if (flat.length % 2 !== 0 || flat.length < least * 2)
        return `a ${type} needs at least ${least} [x, y] points; "points" has ${flat.length} numbers`;
      return { ...base, kind: type, points: [flat], bbox: extentBox(flat) };
    }
    case 'points': {
      const flat = numbers(a.points, '"points"');
      if (typeof flat === 'string') return flat;
      if (flat.length % 2 !== 0 || flat.length === 0)
        return `"points" has ${flat.length} numbers, not [x, y] pairs`;
      const visibility = a.visibility === undefined ? [] : numbers(a.visibility, '"visibility"');
      if (typeof visibility === 'string') return visibility;
      const keypoints: number[] = [];
      const located: number[] = [];
      for (let i = 0; i < flat.length / 2; i++) {
        const v = visibility[i] ?? 2;
        keypoints.push(flat[2 * i] as number, flat[2 * i + 1] as number, v);
        if (v > 0) located.push(flat[2 * i] as number, flat[2 * i + 1] as number);
      }
      return {
        ...base,
        kind: 'keypoints',
        keypoints,
        ...(located.length > 0 ? { bbox: extentBox(located) } : {}),
      };
    }
    case 'mask': {
      const s = readSegmentation(a.rle);
      if (s === undefined) return 'a mask without "rle"';
      if (typeof s === 'string') return s;
      if (!('mask' in s)) return `"rle" is not an RLE object: ${previewJson(a.rle)}`;
      const bad = rleCheck(s.mask);
      if (bad) return bad;
      return { ...base, kind: 'mask', mask: s.mask, bbox: rleToBbox(s.mask), area: rleArea(s.mask) };
    }
    case 'ellipse': {
      const flat = numbers(a.points, '"points"');
      if (typeof flat === 'string') return flat;
      if (flat.length !== 4)
        return `an ellipse has "points" [x1, y1, x2, y2]; this one has ${flat.length} numbers`;
      const [x1, y1, x2, y2] = flat as [number, number, number, number];
      const e = {
        cx: (x1 + x2) / 2,
        cy: (y1 + y2) / 2,
        rx: Math.abs(x2 - x1) / 2,
        ry: Math.abs(y2 - y1) / 2,
      };
      if (e.rx === 0 || e.ry === 0) return 'an ellipse with no width or height';
      return {
        ...base,
        attributes: { ...base.attributes, shape: 'ellipse' },
        kind: 'polygon',
        points: [ellipsePolygon(e)],
        bbox: ellipseBox(e),
        area: ellipseArea(e),
        approximated: 'ellipse',
      };
    }
    default:
      return `"type" "${type}" is not one Datumaro writes for images (label, bbox, polygon, polyline, points, mask, ellipse)`;
  }
}
