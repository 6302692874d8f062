/**
 * The COCO JSON shapes Assay reads and writes (cocodataset.org/#format-data). Fields are typed as
 * they should be; the readers check every value by hand (no schema library on the per-record path).
 */
import type { Rle } from '../../model/annotation.js';

export type CocoId = number | string;

export interface CocoImage {
  id: CocoId;
  file_name: string;
  width?: number;
  height?: number;
  /** license, coco_url, flickr_url, date_captured...: kept in Sample.metadata. */
  [extra: string]: unknown;
}

export interface CocoCategory {
  id: CocoId;
  name: string;
  supercategory?: string;
  keypoints?: string[];
  skeleton?: [number, number][];
}

/** Polygon rings (flat x, y lists) or one RLE. */
export type CocoSegmentation = number[][] | Rle;

export interface CocoAnnotation {
  id?: CocoId;
  image_id: CocoId;
  category_id?: CocoId;
  bbox?: number[];
  segmentation?: CocoSegmentation;
  area?: number;
  iscrowd?: 0 | 1;
  keypoints?: number[];
  num_keypoints?: number;
  score?: number;
  /** CVAT/datumaro extension: per-annotation attributes. */
  attributes?: Record<string, string | number | boolean>;
  /** captions files. */
  caption?: string;
}

/** An instances / person_keypoints / image_info / captions / stuff / labels file. */
export interface CocoInstancesFile {
  info?: Record<string, unknown>;
  licenses?: unknown[];
  images: CocoImage[];
  categories?: CocoCategory[];
  annotations?: CocoAnnotation[];
}

/** One record of a results (detections) list. */
export interface CocoResult {
  image_id: CocoId;
  category_id: CocoId;
  bbox?: number[];
  segmentation?: CocoSegmentation;
  keypoints?: number[];
  score?: number;
  /** Assay extension: class probabilities in category order. */
  probs?: number[];
  area?: number;
}

export type CocoJsonKind = 'instances' | 'results' | 'panoptic';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
