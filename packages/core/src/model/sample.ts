import type { PointCloudInfo } from './point-cloud.js';

/**
 * One media item, as a format declares it. Scan later fills in what the file itself says. An `image`
 * sample is a file under the images root; a `text` sample holds its text in the store; a `point_cloud`
 * sample is a LiDAR sweep (or any point file) under the root, described by `pointCloud`.
 */
export type MediaKind = 'image' | 'text' | 'point_cloud';

export interface Sample {
  /** Key: file name relative to the images root, forward slashes, no leading `./`. */
  key: string;
  kind?: MediaKind;
  /** Size the annotation file declares (COCO width/height, VOC size...). */
  width?: number;
  height?: number;
  split?: string;
  tags?: string[];
  /** The id the source format gave the sample (COCO image id, CVAT image id, Label Studio task id). */
  originalId?: string | number;
  metadata?: Record<string, unknown>;
  /** The text of a `text` sample (kept in the store, not read from a file). */
  text?: string;
  /** Language of a text (BCP 47 tag, `en`, `ko`) when the source or the user states it. */
  language?: string;
  /** Where a text came from: its file and record (`train.csv:12`, `test.conll:sentence 3`). */
  textSource?: string;
  /** Format, point count, fields and bounds of a `point_cloud` sample's file. */
  pointCloud?: PointCloudInfo;
}

/** What scan learns from the file. */
export type ScanStatus =
  | 'pending'
  | 'ok'
  | 'missing'
  | 'corrupt'
  | 'unreadable'
  | 'too_large'
  | 'unsupported';

export interface MediaProbe {
  status: ScanStatus;
  width?: number;
  height?: number;
  channels?: number;
  format?: string;
  bytes?: number;
  mtimeMs?: number;
  sha256?: string;
  /** EXIF orientation 1..8 when present. */
  orientation?: number;
  error?: string;
}
