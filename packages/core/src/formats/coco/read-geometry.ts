/**
 * Hand-written checks for COCO geometry values, shared by the instances and results readers. Each
 * returns the value (reusing the parsed arrays, no copies), undefined when absent, or a string: the
 * reason the value was refused. No schema library here: this runs once per annotation.
 */
import { boxFromKeypoints } from '../../geometry/box.js';
import { polygonBbox, polygonsArea } from '../../geometry/polygon.js';
import { rleArea, rleToBbox } from '../../geometry/rle.js';
import type { Rle } from '../../model/annotation.js';
import { previewJson } from '../preview-json.js';
import { isRecord } from './schema.js';

export type Box = [number, number, number, number];

function describe(value: unknown): string {
  return previewJson(value);
}

function nullNote(values: unknown[]): string {
  return values.includes(null) ? ' (null: NaN or Infinity in the file?)' : '';
}

function allFinite(values: unknown[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

export function readBbox(value: unknown): Box | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length !== 4 || !allFinite(value)) {
    const nulls = Array.isArray(value) ? nullNote(value) : '';
    return `bbox must be 4 finite numbers [x, y, width, height]; got ${describe(value)}${nulls}`;
  }
  if ((value[2] as number) < 0 || (value[3] as number) < 0) {
    return `bbox has a negative width or height: ${describe(value)}`;
  }
  return value as Box;
}

export type Segmentation = { points: number[][] } | { mask: Rle };

function readRings(value: unknown[]): Segmentation | string | undefined {
  if (value.length === 0) return undefined;
  for (const ring of value) {
    if (!Array.isArray(ring) || !allFinite(ring)) {
      const nulls = Array.isArray(ring) ? nullNote(ring) : '';
      return `segmentation polygons must be lists of finite numbers; got ${describe(ring)}${nulls}`;
    }
    if (ring.length < 6 || ring.length % 2 !== 0) {
      return `a segmentation polygon needs an even number (>= 6) of coordinates; got ${ring.length}`;
    }
  }
  return { points: value as number[][] };
}

function readRle(value: Record<string, unknown>): Segmentation | string {
  const size = value.size;
  if (
    !Array.isArray(size) ||
    size.length !== 2 ||
    !Number.isInteger(size[0]) ||
    !Number.isInteger(size[1]) ||
    (size[0] as number) < 0 ||
    (size[1] as number) < 0
  ) {
    return `RLE size must be [height, width] (non-negative integers); got ${describe(size)}`;
  }
  const counts = value.counts;
  if (typeof counts === 'string') return { mask: value as unknown as Rle };
  if (!Array.isArray(counts) || !allFinite(counts)) {
    return `RLE counts must be a string or a list of integers; got ${describe(counts)}`;
  }
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  const pixels = (size[0] as number) * (size[1] as number);
  if (total !== pixels) return `RLE counts add up to ${total}, not height × width = ${pixels}`;
  return { mask: value as unknown as Rle };
}

/** Polygon rings, an RLE (compressed or not), undefined when absent/empty, or the reason it is refused. */
export function readSegmentation(value: unknown): Segmentation | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return readRings(value);
  if (isRecord(value)) return readRle(value);
  return `segmentation must be a list of polygons or an RLE object; got ${describe(value)}`;
}

/** Flat [x, y, v] triplets (v is a score in results), undefined when absent, or the reason refused. */
export function readKeypoints(value: unknown): number[] | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (!Array.isArray(value) || value.length % 3 !== 0 || !allFinite(value)) {
    const nulls = Array.isArray(value) ? nullNote(value) : '';
    return `keypoints must be a list of [x, y, v] number triplets; got ${describe(value)}${nulls}`;
  }
  return value as number[];
}

/** COCO ids are integers (some tools write strings); anything else is refused. */
export function isCocoId(value: unknown): value is number | string {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== '');
}

/** The box a geometry implies, for annotations that carry no bbox (pycocotools loadRes does the same). */
export function boxOfGeometry(
  points: number[][] | undefined,
  mask: Rle | undefined,
  keypoints: number[] | undefined,
): Box | undefined {
  if (points) return polygonBbox(points);
  if (mask) return rleToBbox(mask);
  if (keypoints) return boxFromKeypoints(keypoints);
  return undefined;
}

/** The area a geometry implies, for annotations that state none: mask pixels, polygon area, box area. */
export function areaOfGeometry(
  points: number[][] | undefined,
  mask: Rle | undefined,
  bbox: readonly number[] | undefined,
): number | undefined {
  if (mask) return rleArea(mask);
  if (points) return polygonsArea(points);
  return bbox ? (bbox[2] as number) * (bbox[3] as number) : undefined;
}
