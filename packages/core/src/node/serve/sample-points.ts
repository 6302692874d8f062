import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { AssayError } from '../../errors.js';
import type { PointCloud, PointCloudFormat, Vec3 } from '../../model/point-cloud.js';
import { collectPoints } from '../../point-cloud/decode-points.js';
import { pointFormatOf } from '../../point-cloud/point-format-of.js';
import { decodePointLabelFile } from '../../point-cloud/point-label-file.js';
import { writeFileAtomic } from '../atomic-write.js';
import type { MediaFile } from './media-file.js';
import { mediaEtag } from './thumbnail.js';

/**
 * Every point of an open point file (a MediaFile, so only from inside the project's roots: see
 * openMediaFile). `format` is the sample's stored point format, else the one its name suggests; `origin`
 * its stored local origin (PointCloudInfo.origin), subtracted from x, y, z as they are read.
 */
export async function readSamplePoints(
  file: MediaFile,
  format: string | null,
  origin?: Vec3 | null,
): Promise<PointCloud> {
  const f = (format ?? pointFormatOf(file.path) ?? 'kitti-bin') as PointCloudFormat;
  const stream = file.handle.createReadStream({ autoClose: false, highWaterMark: 1 << 20 });
  return collectPoints(stream as AsyncIterable<Uint8Array>, f, {
    file: file.path,
    ...(origin ? { origin } : {}),
  });
}

/**
 * A point file's separate per-point labels (PointLabels.file, e.g. SemanticKITTI's `.label`) as a
 * `label` field of `cloud`, read from an open file (openMediaFile: only inside the project's roots).
 */
export async function attachLabelFile(
  cloud: PointCloud,
  file: MediaFile,
  encoding: 'u8' | 'u16' | 'u32',
): Promise<PointCloud> {
  const labels = decodePointLabelFile(await file.handle.readFile(), encoding, file.path, cloud.count);
  return { count: cloud.count, fields: { ...cloud.fields, label: Float32Array.from(labels) } };
}

export interface BirdsEyeOptions {
  /** Image side in pixels (default 256). */
  size?: number;
  /** Half the square's side in metres around the sensor (default 40). */
  range?: number;
}

/**
 * A bird's-eye render of a sweep as WebP: x forward up the image, y left, the sensor at the centre;
 * each pixel's brightness grows with the points falling in it, tinted by height.
 */
export async function birdsEyeWebp(cloud: PointCloud, options: BirdsEyeOptions = {}): Promise<Buffer> {
  const size = options.size ?? 256;
  const range = options.range ?? 40;
  const x = cloud.fields.x as Float32Array;
  const y = cloud.fields.y as Float32Array;
  const z = cloud.fields.z as Float32Array;
  const hits = new Uint16Array(size * size);
  const top = new Float32Array(size * size).fill(-Infinity);
  const scale = size / (2 * range);
  for (let i = 0; i < cloud.count; i++) {
    const col = Math.floor((range - (y[i] as number)) * scale);
    const row = Math.floor((range - (x[i] as number)) * scale);
    if (col < 0 || row < 0 || col >= size || row >= size) continue;
    const p = row * size + col;
    if ((hits[p] as number) < 65535) hits[p] = (hits[p] as number) + 1;
    if ((z[i] as number) > (top[p] as number)) top[p] = z[i] as number;
  }
  const rgb = Buffer.alloc(size * size * 3, 12);
  for (let p = 0; p < size * size; p++) {
    const n = hits[p] as number;
    if (n === 0) continue;
    const bright = Math.min(1, 0.35 + Math.log2(1 + n) / 6);
    const h = Math.min(1, Math.max(0, ((top[p] as number) + 2.5) / 5));
    rgb[p * 3] = Math.round(255 * bright * (0.3 + 0.7 * h));
    rgb[p * 3 + 1] = Math.round(255 * bright * (1 - 0.5 * Math.abs(h - 0.5)));
    rgb[p * 3 + 2] = Math.round(255 * bright * (1 - 0.7 * h));
  }
  return sharp(rgb, { raw: { width: size, height: size, channels: 3 } })
    .webp({ quality: 80 })
    .toBuffer();
}

/**
 * The bird's-eye thumbnail of an open point file, made once and cached under
 * `<cacheDir>/bev<size>/<etag>.webp` (the etag follows the file's size and time); an unreadable file is
 * NOT_FOUND (the app draws a placeholder).
 */
export async function birdsEyeThumbnail(
  cacheDir: string,
  file: MediaFile,
  format: string | null,
  size: number,
): Promise<Buffer> {
  const tag = mediaEtag(file, `bev${size}`).slice(1, -1);
  const path = join(cacheDir, `bev${size}`, `${tag}.webp`);
  try {
    return await readFile(path);
  } catch {
    // not cached yet
  }
  let out: Buffer;
  try {
    out = await birdsEyeWebp(await readSamplePoints(file, format), { size });
  } catch (error) {
    throw new AssayError('NOT_FOUND', 'The points of this sample cannot be read.', {
      hint: 'Check the file with `assay scan`.',
      details: { reason: 'corrupt' },
      cause: error,
    });
  }
  await writeFileAtomic(path, out).catch(() => undefined); // a read-only project still serves
  return out;
}
