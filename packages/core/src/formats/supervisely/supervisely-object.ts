import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import { extentBox } from '../cvat/cvat-shapes.js';
import { base64Bytes, placeMask } from '../mask-bits.js';
import { decodePngMask, InflateLimit, inflate } from '../png-mask.js';
import { previewJson } from '../preview-json.js';

/** What a Supervisely object becomes, less sample and source; `note` names a reading worth counting. */
export type SlyGeometry = Omit<Annotation, 'sample' | 'source'> & { note?: 'holes' | 'cropped' };

/** A class of meta.json's: its shape and, for keypoint graphs, its nodes' ids and names in order. */
export interface SlyClass {
  shape?: string;
  nodes?: { id: string; label: string }[];
}

function pointList(raw: unknown, what: string): number[] | string {
  if (!Array.isArray(raw)) return `${what} is not a list: ${previewJson(raw)}`;
  const flat: number[] = [];
  for (const p of raw) {
    if (
      !Array.isArray(p) ||
      p.length < 2 ||
      !p.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v))
    )
      return `${what} holds ${previewJson(p)}, not an [x, y] pair of numbers`;
    flat.push(p[0] as number, p[1] as number);
  }
  return flat;
}

/** Object tags as attributes: a tag without a value is `true`, else its value (Supervisely's tags). */
export function tagAttributes(tags: unknown): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  if (!Array.isArray(tags)) return out;
  for (const t of tags) {
    if (typeof t !== 'object' || t === null) continue;
    const { name, value } = t as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') continue;
    out[name] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : true;
  }
  return out;
}

/** A graph (keypoints) object: its nodes in the class's order, a node missing or disabled not labelled. */
function readGraph(
  nodes: unknown,
  cls: SlyClass | undefined,
): { keypoints: number[]; names: string[] } | string {
  if (typeof nodes !== 'object' || nodes === null || Array.isArray(nodes))
    return `"nodes" is not an object: ${previewJson(nodes)}`;
  const given = nodes as Record<string, unknown>;
  const order = cls?.nodes ?? Object.keys(given).map((id) => ({ id, label: id }));
  const keypoints: number[] = [];
  for (const { id } of order) {
    const node = given[id] as Record<string, unknown> | undefined;
    const loc = node?.loc;
    if (!Array.isArray(loc) || typeof loc[0] !== 'number' || typeof loc[1] !== 'number') {
      keypoints.push(0, 0, 0);
      continue;
    }
    keypoints.push(loc[0], loc[1], node?.disabled === true ? 1 : 2);
  }
  if (!keypoints.some((v, i) => i % 3 === 2 && v > 0)) return 'a graph with no located node';
  return { keypoints, names: order.map((n) => n.label) };
}

/**
 * A bitmap object: `data` is a base64 zlib-compressed PNG of the mask's box, placed at `origin` [x, y].
 * Read as a mask over the image (the part past the image's edge is cropped), or the reason it cannot.
 */
async function readBitmap(raw: unknown, width?: number, height?: number): Promise<SlyGeometry | string> {
  if (typeof raw !== 'object' || raw === null) return `"bitmap" is not an object: ${previewJson(raw)}`;
  const { data, origin } = raw as Record<string, unknown>;
  if (typeof data !== 'string') return `"bitmap.data" is not a string: ${previewJson(data)}`;
  if (
    !Array.isArray(origin) ||
    !origin.slice(0, 2).every((v) => typeof v === 'number' && Number.isInteger(v)) ||
    origin.length < 2
  )
    return `"bitmap.origin" is not [x, y] in whole pixels: ${previewJson(origin)}`;
  if (width === undefined || height === undefined)
    return 'a bitmap needs the image size ("size": {"height", "width"}), which this file lacks';
  const bytes = base64Bytes(data);
  if (!bytes) return '"bitmap.data" is not base64';
  let png: Uint8Array;
  try {
    png = await inflate(bytes);
  } catch (error) {
    return error instanceof InflateLimit
      ? '"bitmap.data" inflates to more than a mask PNG may (damaged or hostile)'
      : '"bitmap.data" is not zlib-compressed data (Supervisely compresses the PNG)';
  }
  const mask = await decodePngMask(png);
  if (typeof mask === 'string') return `"bitmap.data": ${mask}`;
  const [ox, oy] = origin as [number, number];
  const placed = placeMask(mask, ox, oy, width, height);
  if (typeof placed === 'string') return placed.replace('the mask', 'the bitmap');
  const { rle, cropped } = placed;
  const area = rleArea(rle);
  if (area === 0) return 'the bitmap sets no pixel';
  return { kind: 'mask', mask: rle, bbox: rleToBbox(rle), area, ...(cropped ? { note: 'cropped' } : {}) };
}

/**
 * One entry of a Supervisely annotation's `objects` (geometryType, classTitle, points.exterior /
 * interior as [x, y] pixels, bitmap, nodes, tags): rectangle → bbox from corner to corner (width =
 * right − left, as Supervisely's own COCO export writes it);
 * polygon → polygon (holes dropped, noted); line/polyline → polyline; point → one keypoint; graph →
 * keypoints in the class's node order; bitmap → mask. Returns the reason when it cannot be read.
 */
export async function readSlyObject(
  raw: unknown,
  classes: ReadonlyMap<string, SlyClass>,
  width?: number,
  height?: number,
): Promise<(SlyGeometry & { names?: string[] }) | string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return `not an object: ${previewJson(raw)}`;
  const o = raw as Record<string, unknown>;
  const label = o.classTitle;
  if (typeof label !== 'string' || label.trim() === '')
    return `"classTitle" is not a non-empty string: ${previewJson(label)}`;
  const type = o.geometryType ?? o.shape ?? classes.get(label)?.shape;
  if (typeof type !== 'string') return `"geometryType" is not a string: ${previewJson(type)}`;
  const attributes = tagAttributes(o.tags);
  if (typeof o.description === 'string' && o.description !== '') attributes.description = o.description;
  const base = { label, ...(Object.keys(attributes).length > 0 ? { attributes } : {}) };
  if (type === 'bitmap') {
    const g = await readBitmap(o.bitmap, width, height);
    return typeof g === 'string' ? g : { ...base, ...g };
  }
  if (type === 'graph') {
    const g = readGraph(o.nodes, classes.get(label));
    if (typeof g === 'string') return g;
    const located: number[] = [];
    for (let i = 0; i < g.keypoints.length; i += 3)
      if ((g.keypoints[i + 2] ?? 0) > 0) located.push(g.keypoints[i] ?? 0, g.keypoints[i + 1] ?? 0);
    return { ...base, kind: 'keypoints', keypoints: g.keypoints, bbox: extentBox(located), names: g.names };
  }
  if (!['rectangle', 'polygon', 'line', 'polyline', 'point'].includes(type))
    return `geometryType "${type}" is not one Assay reads (rectangle, polygon, line, point, graph, bitmap)`;
  const points = (o.points ?? {}) as Record<string, unknown>;
  const flat = pointList(points.exterior, '"points.exterior"');
  if (typeof flat === 'string') return flat;
  const n = flat.length / 2;
  switch (type) {
    case 'rectangle': {
      if (n !== 2) return `a rectangle has 2 points, this one ${n}`;
      const [x0, y0, x1, y1] = flat as [number, number, number, number];
      const left = Math.min(x0, x1);
      const top = Math.min(y0, y1);
      return {
        ...base,
        kind: 'bbox',
        bbox: [left, top, Math.abs(x1 - x0), Math.abs(y1 - y0)],
      };
    }
    case 'polygon': {
      if (n < 3) return `a polygon needs at least 3 points, this one has ${n}`;
      const holes = Array.isArray(points.interior) && points.interior.length > 0;
      return {
        ...base,
        kind: 'polygon',
        points: [flat],
        bbox: extentBox(flat),
        ...(holes ? { note: 'holes' } : {}),
      };
    }
    case 'line':
    case 'polyline':
      if (n < 2) return `a line needs at least 2 points, this one has ${n}`;
      return { ...base, kind: 'polyline', points: [flat], bbox: extentBox(flat) };
    default:
      if (n !== 1) return `a point has 1 point, this one ${n}`;
      return {
        ...base,
        kind: 'keypoints',
        keypoints: [flat[0] as number, flat[1] as number, 2],
        bbox: extentBox(flat),
      };
  }
}
