import { createReadStream } from 'node:fs';
import { AssayError, toAssayError } from '../../errors.js';
import type { PointBatch, PointCloud, PointCloudFormat } from '../../model/point-cloud.js';
import { collectPoints, type DecodePointsOptions, decodePoints } from '../../point-cloud/decode-points.js';
import { pointFormatOf } from '../../point-cloud/point-format-of.js';
import type { PointLayout } from '../../point-cloud/point-layout.js';

export interface ReadPointCloudOptions {
  /** Points per batch of streamPointCloud (default 65,536). */
  batchPoints?: number;
  signal?: AbortSignal;
}

function formatFor(path: string, format: PointCloudFormat | undefined): PointCloudFormat {
  const f = format ?? pointFormatOf(path);
  if (f !== undefined) return f;
  throw new AssayError(
    'UNKNOWN_FORMAT',
    `${path}: Assay cannot tell this file's point format from its name.`,
    {
      hint: 'Name the format: kitti-bin, nuscenes-bin, pcd, ply or las.',
    },
  );
}

async function* chunksOf(path: string, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }))
      yield chunk as Uint8Array;
  } catch (error) {
    throw toAssayError(error);
  }
}

/**
 * The points of a point file batch by batch (typed arrays, never one object per point); the layout
 * (fields, count) is the generator's return value. `format` defaults to the one the name suggests.
 */
export async function* streamPointCloud(
  path: string,
  format?: PointCloudFormat,
  options: ReadPointCloudOptions = {},
): AsyncGenerator<PointBatch, PointLayout> {
  const f = formatFor(path, format);
  const decode: DecodePointsOptions = { file: path };
  if (options.batchPoints !== undefined) decode.batchPoints = options.batchPoints;
  if (options.signal !== undefined) decode.signal = options.signal;
  return yield* decodePoints(chunksOf(path, options.signal), f, decode);
}

/** Every point of a point file: `{ count, fields: { x, y, z, intensity, ... } }`, one Float32Array per field. */
export async function readPointCloud(
  path: string,
  format?: PointCloudFormat,
  options: ReadPointCloudOptions = {},
): Promise<PointCloud> {
  const f = formatFor(path, format);
  const decode: DecodePointsOptions = { file: path };
  if (options.signal !== undefined) decode.signal = options.signal;
  return collectPoints(chunksOf(path, options.signal), f, decode);
}
