import { polygonBbox, polygonsArea } from '../../geometry/polygon.js';
import type { Annotation } from '../../model/annotation.js';
import type { ImageSize } from '../format-io.js';
import type { YoloRecord } from './yolo-line.js';

export interface YoloAnnotationContext {
  sample: string;
  source: string;
  label: string;
  size: ImageSize;
  /** Values per keypoint (2 or 3), from data.yaml `kpt_shape`. */
  kptDims: number;
  prediction: boolean;
}

/** Normalised centre box → absolute [x, y, w, h] from the top-left corner. */
export function boxFromNormalised(box: number[], size: ImageSize): [number, number, number, number] {
  const [cx = 0, cy = 0, w = 0, h = 0] = box;
  return [(cx - w / 2) * size.width, (cy - h / 2) * size.height, w * size.width, h * size.height];
}

/**
 * Normalised YOLO keypoints (D = 2 or 3 values each) → canonical [x, y, v] triplets in pixels. With
 * D = 2 a point at (0, 0) is unlabeled, any other visible. In prediction files the third value is a
 * confidence: 0.5 or more counts as visible (2), less as labeled but hidden (1).
 */
export function keypointsFromNormalised(
  kpts: number[],
  d: number,
  size: ImageSize,
  prediction: boolean,
): number[] {
  const out: number[] = [];
  for (let i = 0; i + d - 1 < kpts.length; i += d) {
    const x = kpts[i] ?? 0;
    const y = kpts[i + 1] ?? 0;
    let v = d === 3 ? (kpts[i + 2] ?? 0) : x === 0 && y === 0 ? 0 : 2;
    if (prediction && d === 3) v = v >= 0.5 ? 2 : v > 0 ? 1 : 0;
    else v = Math.round(v);
    if (v === 0) out.push(0, 0, 0);
    else out.push(x * size.width, y * size.height, v);
  }
  return out;
}

/** One parsed label line as a canonical annotation in absolute pixels of the real image size. */
export function yoloRecordToAnnotation(record: YoloRecord, ctx: YoloAnnotationContext): Annotation {
  const base: Annotation = { sample: ctx.sample, source: ctx.source, kind: 'bbox', label: ctx.label };
  if (record.score !== undefined) base.score = record.score;
  if (record.task === 'segment') {
    const ring = record.points.map((v, i) => v * (i % 2 === 0 ? ctx.size.width : ctx.size.height));
    const bbox = polygonBbox([ring]);
    return {
      ...base,
      kind: 'polygon',
      points: [ring],
      ...(bbox ? { bbox } : {}),
      area: polygonsArea([ring]),
      ...(record.oriented ? { attributes: { oriented: true } } : {}),
    };
  }
  const bbox = boxFromNormalised(record.box, ctx.size);
  if (record.task === 'pose') {
    const keypoints = keypointsFromNormalised(record.kpts, ctx.kptDims, ctx.size, ctx.prediction);
    return { ...base, kind: 'keypoints', bbox, keypoints, area: bbox[2] * bbox[3] };
  }
  return { ...base, bbox, area: bbox[2] * bbox[3] };
}
