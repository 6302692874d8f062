import { isJsonObject } from '../json-object.js';
import { previewJson } from '../preview-json.js';
import type { ProblemList } from '../problems.js';
import type { ViaContent, ViaImage } from './via-files.js';

/** A parsed value is a VIA 3 project: project, file, metadata (and attribute, view) objects. */
export function isVia3(value: unknown): value is Record<string, Record<string, unknown>> {
  return (
    isJsonObject(value) &&
    isJsonObject(value.project) &&
    isJsonObject(value.file) &&
    isJsonObject(value.metadata)
  );
}

/** VIA 3's attribute types (via3 _via_attribute.TYPE) as VIA 2 names them in `_via_attributes`. */
const TYPES: Record<number, string> = { 1: 'text', 2: 'checkbox', 3: 'radio', 4: 'dropdown', 5: 'image' };

/**
 * VIA 3's `xy` (shape id, then numbers; via3 _via_metadata.SHAPE) as VIA 2's shape_attributes: 1 point
 * [x, y], 2 rect [x, y, w, h], 3 circle [cx, cy, r], 4 ellipse [cx, cy, rx, ry], 5 line [x1, y1, x2, y2],
 * 6 polyline, 7 polygon, 8 extreme rectangle, 9 extreme polygon ([x, y, ...] points).
 */
function shapeOf(xy: unknown[]): Record<string, unknown> | string {
  const [id, ...v] = xy;
  if (!v.every((n) => typeof n === 'number' && Number.isFinite(n)))
    return `"xy" is not numbers: ${previewJson(xy)}`;
  const n = v as number[];
  const points = (name: string) => ({
    name,
    all_points_x: n.filter((_, i) => i % 2 === 0),
    all_points_y: n.filter((_, i) => i % 2 === 1),
  });
  switch (id) {
    case 1:
      return { name: 'point', cx: n[0], cy: n[1] };
    case 2:
      return { name: 'rect', x: n[0], y: n[1], width: n[2], height: n[3] };
    case 3:
      return { name: 'circle', cx: n[0], cy: n[1], r: n[2] };
    case 4:
      return { name: 'ellipse', cx: n[0], cy: n[1], rx: n[2], ry: n[3], theta: 0 };
    case 5:
    case 6:
      return points('polyline');
    case 7:
    case 9:
      return points('polygon');
    case 8: {
      // Extreme clicking: the four extreme points; the box they span.
      const xs = n.filter((_, i) => i % 2 === 0);
      const ys = n.filter((_, i) => i % 2 === 1);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      return { name: 'rect', x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
    }
    default:
      return `shape ${previewJson(id)} is not one of VIA 3's (1 point … 9 extreme polygon)`;
  }
}

/** An attribute value as text: a select/radio option id as its option's name, a checkbox's ids joined. */
function optionValue(attr: Record<string, unknown> | undefined, raw: unknown): unknown {
  const options = isJsonObject(attr?.options) ? attr.options : undefined;
  if (!options || typeof raw !== 'string') return raw;
  const names = raw.split(',').map((id) => (typeof options[id] === 'string' ? (options[id] as string) : id));
  return names.join(',');
}

/**
 * A VIA 3 project (`project`, `config`, `attribute`, `file`, `view`, `metadata`) as VIA 2 content: every
 * metadata with a spatial `xy` and no temporal `z` becomes a region of its view's file, its `av` values
 * keyed by attribute name (option ids as option names). Temporal segments (video) and file-level
 * metadata are counted in a warning, not read. A file's name is its `src` when local, else `fname`.
 */
export function readVia3(
  value: Record<string, Record<string, unknown>>,
  file: string,
  problems: ProblemList,
): ViaContent {
  const attrs = isJsonObject(value.attribute) ? value.attribute : {};
  const files = value.file as Record<string, unknown>;
  const views = isJsonObject(value.view) ? value.view : {};
  const images = new Map<string, ViaImage>();
  const imageOfView = (vid: string): ViaImage | undefined => {
    const fids = (views[vid] as Record<string, unknown> | undefined)?.fid_list;
    const fid = Array.isArray(fids) && fids.length === 1 ? String(fids[0]) : vid;
    const f = files[fid] as Record<string, unknown> | undefined;
    if (!isJsonObject(f)) return undefined;
    const src =
      typeof f.src === 'string' && f.src !== '' && !/^(https?:|data:)/.test(f.src) ? f.src : undefined;
    const filename = src ?? (typeof f.fname === 'string' ? f.fname : undefined);
    if (filename === undefined) return undefined;
    let image = images.get(fid);
    if (!image) {
      image = { filename, record: `file "${fid}"`, regions: [] };
      images.set(fid, image);
    }
    return image;
  };
  // Every file is a sample, with or without regions.
  const listed = (value.project as Record<string, unknown>).vid_list;
  for (const vid of new Set([...Object.keys(views), ...(Array.isArray(listed) ? listed.map(String) : [])]))
    imageOfView(vid);
  let temporal = 0;
  for (const [mid, raw] of Object.entries(value.metadata as Record<string, unknown>)) {
    const record = `metadata "${mid}"`;
    if (!isJsonObject(raw)) {
      problems.skip(file, record, `not an object: ${previewJson(raw)}`);
      continue;
    }
    const xy = Array.isArray(raw.xy) ? raw.xy : [];
    if ((Array.isArray(raw.z) && raw.z.length > 0) || xy.length === 0) {
      temporal++;
      continue;
    }
    const image = imageOfView(String(raw.vid));
    if (!image) {
      problems.skip(file, record, `view "${String(raw.vid)}" names no file with a name`);
      continue;
    }
    const shape = shapeOf(xy);
    if (typeof shape === 'string') {
      problems.skip(file, record, shape);
      continue;
    }
    const attributes: Record<string, unknown> = {};
    if (isJsonObject(raw.av))
      for (const [aid, v] of Object.entries(raw.av)) {
        const attr = attrs[aid] as Record<string, unknown> | undefined;
        attributes[typeof attr?.aname === 'string' ? attr.aname : aid] = optionValue(attr, v);
      }
    image.regions.push({ shape, attributes, record });
  }
  if (temporal > 0)
    problems.warn(
      file,
      undefined,
      `${temporal} temporal or file-level metadata (video segments, image labels) not read`,
    );
  // Region attributes (anchor …_XY1), declared as VIA 2 declares them, so the class attribute is found alike.
  const declared: Record<string, unknown> = {};
  for (const a of Object.values(attrs))
    if (isJsonObject(a) && typeof a.aname === 'string' && String(a.anchor_id ?? '').endsWith('XY1'))
      declared[a.aname] = { type: TYPES[a.type as number] ?? 'text' };
  return { images: [...images.values()], declared, form: 'VIA 3 project' };
}
