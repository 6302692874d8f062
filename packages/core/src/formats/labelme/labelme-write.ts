import type { Annotation, AttributeValue } from '../../model/annotation.js';
import { copyImagesByKey } from '../copy-images.js';
import { counted } from '../counted.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { baseName, joinPath, stripExt } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';
import { writeLabelMeMask } from './labelme-mask.js';

/** LabelMe's version the files say they are (the JSON layout of labelme 5.x). */
const VERSION = '5.5.0';

type Point = [number, number];

interface Shape {
  label: string;
  points: Point[];
  group_id: number | null;
  description: string;
  shape_type: string;
  flags: Record<string, boolean>;
  mask: string | null;
  attributes?: Record<string, AttributeValue>;
}

const pairs = (flat: number[]): Point[] => {
  const out: Point[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as number, flat[i + 1] as number]);
  return out;
};

/** The shape's fields besides geometry: group_id and description in LabelMe's own fields, the rest as `attributes`. */
function fields(a: Annotation, group: number | null): Omit<Shape, 'points' | 'shape_type'> {
  const { group_id, description, ...rest } = a.attributes ?? {};
  return {
    label: a.label as string,
    group_id: typeof group_id === 'number' ? group_id : group,
    description: typeof description === 'string' ? description : '',
    flags: {},
    mask: null,
    ...(Object.keys(rest).length > 0 ? { attributes: rest } : {}),
  };
}

interface Tally {
  dropped: Map<string, number>;
  hiddenPoints: number;
  keypointBoxes: number;
  nextGroup: number;
}

/** The LabelMe shapes of one annotation (several for a polygon of several rings, grouped by group_id). */
async function toShapes(a: Annotation, t: Tally): Promise<Shape[]> {
  if (a.kind === 'mask' && a.mask) {
    const written = await writeLabelMeMask(a.mask);
    return written ? [{ ...fields(a, null), shape_type: 'mask', ...written }] : [];
  }
  if (a.kind === 'bbox' && a.bbox) {
    const [x, y, w, h] = a.bbox;
    return [
      {
        ...fields(a, null),
        shape_type: 'rectangle',
        points: [
          [x, y],
          [x + w, y + h],
        ],
      },
    ];
  }
  // A LabelMe circle read as a polygon goes back as the circle: centre, then a point on it.
  if (
    a.kind === 'polygon' &&
    a.attributes?.shape === 'circle' &&
    a.bbox &&
    Math.abs(a.bbox[2] - a.bbox[3]) < 1e-6
  ) {
    const [x, y, w] = a.bbox;
    const { shape: _s, ...attributes } = a.attributes;
    const r = w / 2;
    return [
      {
        ...fields({ ...a, attributes }, null),
        shape_type: 'circle',
        points: [
          [x + r, y + r],
          [x + w, y + r],
        ],
      },
    ];
  }
  if ((a.kind === 'polygon' || a.kind === 'polyline') && a.points?.length) {
    const rings = a.kind === 'polygon' ? a.points : a.points.slice(0, 1);
    const group = rings.length > 1 ? t.nextGroup++ : null;
    return rings.map((ring) => {
      const points = pairs(ring);
      const type = a.kind === 'polygon' ? 'polygon' : points.length === 2 ? 'line' : 'linestrip';
      return { ...fields(a, group), shape_type: type, points };
    });
  }
  if (a.kind === 'keypoints' && a.keypoints) {
    const points: Point[] = [];
    for (let i = 0; i + 2 < a.keypoints.length; i += 3)
      if ((a.keypoints[i + 2] ?? 0) > 0)
        points.push([a.keypoints[i] as number, a.keypoints[i + 1] as number]);
      else t.hiddenPoints++;
    if (points.length === 0) return [];
    t.keypointBoxes++;
    return [{ ...fields(a, null), shape_type: points.length === 1 ? 'point' : 'points', points }];
  }
  return [];
}

/**
 * Writes one LabelMe JSON per sample (labelme 5.x layout: version, flags, shapes, imagePath, imageData
 * null, imageHeight, imageWidth) at <key without extension>.json beside its image, copied to <key>; the
 * image is named by its file name. One label source (ground_truth, else the first). Boxes are rectangles,
 * polygons polygons (one per ring, sharing a group_id; a circle read from LabelMe or VIA, attribute
 * shape=circle, a circle again), polylines line/linestrip, masks `mask` shapes (labelme-mask.ts), keypoints one `points`
 * shape of the labelled points (no box, no point names), image-level labels flags set true; other
 * attributes go in each shape's `attributes` (LabelMe keeps unknown shape keys). No splits.
 */
export async function writeLabelMe(input: WriteInput): Promise<WriteResult> {
  const { dataset, io, outDir } = input;
  const { source, notes } = pickWriteSource(dataset.annotations);
  const bySample = new Map<string, Annotation[]>();
  for (const a of dataset.annotations)
    if (a.source === source) bySample.set(a.sample, [...(bySample.get(a.sample) ?? []), a]);
  const t: Tally = { dropped: new Map(), hiddenPoints: 0, keypointBoxes: 0, nextGroup: 1 };
  const stems = new Map<string, number>();
  for (const s of dataset.samples) stems.set(stripExt(s.key), (stems.get(stripExt(s.key)) ?? 0) + 1);
  const files: string[] = [];
  let written = 0;
  for (const s of dataset.samples) {
    const flags: Record<string, boolean> = {};
    const shapes: Shape[] = [];
    for (const a of bySample.get(s.key) ?? []) {
      if (a.kind === 'classification' && a.label !== undefined) {
        flags[a.label] = true;
        written++;
        continue;
      }
      const made = a.label === undefined ? [] : await toShapes(a, t);
      if (made.length === 0) t.dropped.set(a.kind, (t.dropped.get(a.kind) ?? 0) + 1);
      else written++;
      shapes.push(...made);
    }
    // a.jpg and a.png in one folder: a.jpg.json, a.png.json.
    const name = (stems.get(stripExt(s.key)) ?? 0) > 1 ? `${s.key}.json` : `${stripExt(s.key)}.json`;
    const json = joinPath(outDir, name);
    const body = {
      version: VERSION,
      flags,
      shapes,
      imagePath: baseName(s.key),
      imageData: null,
      imageHeight: s.height ?? null,
      imageWidth: s.width ?? null,
    };
    await io.writeText(json, `${JSON.stringify(body, null, 2)}\n`);
    files.push(json);
  }
  if (t.keypointBoxes > 0)
    notes.push(
      `keypoint boxes not written: a LabelMe points shape has none (read back as the points' extent); point names not written`,
    );
  if (t.hiddenPoints > 0)
    notes.push(`${counted(t.hiddenPoints, 'unlabelled or hidden keypoint')} not written`);
  for (const [kind, n] of t.dropped)
    notes.push(`${counted(n, `${kind} annotation`)} not written: LabelMe has no such shape`);
  if (dataset.samples.some((s) => s.split)) notes.push('splits not written: LabelMe files carry none');
  files.push(...(await copyImagesByKey(input, dataset.samples, notes)));
  return { files, notes, annotations: written };
}
