import type { Annotation } from '../../model/annotation.js';
import { extentBox } from '../cvat/cvat-shapes.js';
import { previewJson } from '../preview-json.js';

/** What a VoTT region becomes, less sample, source and label (one annotation per tag). */
export type VottGeometry = Pick<Annotation, 'kind' | 'bbox' | 'points' | 'keypoints'>;

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function pointList(raw: unknown): number[] | string {
  if (!Array.isArray(raw)) return `"points" is not a list: ${previewJson(raw)}`;
  const flat: number[] = [];
  for (const p of raw) {
    const { x, y } = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    if (!finite(x) || !finite(y)) return `"points" holds ${previewJson(p)}, not {"x", "y"} numbers`;
    flat.push(x, y);
  }
  return flat;
}

/**
 * A VoTT region's geometry (src/models/applicationState.ts IRegion: type RECTANGLE, SQUARE, POLYGON,
 * POLYLINE, POINT; boundingBox {left, top, width, height} and points [{x, y}] in pixels of the asset):
 * rectangles and squares their boundingBox, polygons and polylines their points, a point one keypoint.
 * The reason when it cannot be read.
 */
export function readVottRegion(raw: unknown): VottGeometry | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return `not an object: ${previewJson(raw)}`;
  const r = raw as Record<string, unknown>;
  const type = typeof r.type === 'string' ? r.type.toUpperCase() : r.type;
  if (type === 'RECTANGLE' || type === 'SQUARE' || type === undefined) {
    const b = (typeof r.boundingBox === 'object' && r.boundingBox !== null ? r.boundingBox : {}) as Record<
      string,
      unknown
    >;
    const { left, top, width, height } = b;
    if (!finite(left) || !finite(top) || !finite(width) || !finite(height) || width < 0 || height < 0)
      return `"boundingBox" is not {left, top, width, height} numbers: ${previewJson(r.boundingBox)}`;
    return { kind: 'bbox', bbox: [left, top, width, height] };
  }
  const flat = pointList(r.points);
  if (typeof flat === 'string') return flat;
  const n = flat.length / 2;
  switch (type) {
    case 'POLYGON':
      if (n < 3) return `a polygon needs at least 3 points, this one has ${n}`;
      return { kind: 'polygon', points: [flat], bbox: extentBox(flat) };
    case 'POLYLINE':
      if (n < 2) return `a polyline needs at least 2 points, this one has ${n}`;
      return { kind: 'polyline', points: [flat], bbox: extentBox(flat) };
    case 'POINT':
      if (n < 1) return 'a point region has no point';
      return {
        kind: 'keypoints',
        keypoints: [flat[0] as number, flat[1] as number, 2],
        bbox: extentBox(flat.slice(0, 2)),
      };
    default:
      return `region type ${previewJson(r.type)} is not one VoTT writes (RECTANGLE, SQUARE, POLYGON, POLYLINE, POINT)`;
  }
}
