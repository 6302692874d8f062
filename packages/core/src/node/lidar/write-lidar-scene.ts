import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { coco } from '../../formats/coco/coco-format.js';
import type { Dataset } from '../../formats/dataset.js';
import { nuscenes } from '../../formats/nuscenes/nuscenes-format.js';
import { toPosix } from '../../formats/paths.js';
import { encodeRawFloat } from '../../point-cloud/encode-points.js';
import { emptyBounds, pointBounds } from '../../point-cloud/point-summary.js';
import type { LidarScene } from '../../synthetic/lidar-scene.js';
import { createNodeFormatIO } from '../fs-format-io.js';

export interface WriteLidarSceneOptions {
  /** Told after each sweep written (done, total). */
  onSweep?: (done: number, total: number) => void;
  /**
   * A folder for the camera images' 2D boxes as COCO (`annotations.json`, file names = the image keys
   * under `dir`), which nuScenes cannot hold; import it with `--images dir` beside the nuScenes import.
   */
  boxes2d?: string;
}

/**
 * Writes a synthetic scene (synthetic/lidar-scene.ts) as a nuScenes dataset in `dir`: sweeps as .pcd.bin,
 * camera images as grey PNGs (one encoded image, written under every name), and the tables. Returns the
 * dataset with each sweep's bounds filled in.
 */
export async function writeLidarScene(
  scene: LidarScene,
  dir: string,
  options: WriteLidarSceneOptions = {},
): Promise<Dataset> {
  const clouds = scene.dataset.samples.filter((s) => s.kind === 'point_cloud');
  let done = 0;
  for (const s of clouds) {
    const cloud = scene.cloud(s.key);
    const path = join(dir, s.key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, encodeRawFloat(cloud, 'nuscenes-bin'));
    s.pointCloud = {
      format: 'nuscenes-bin',
      count: cloud.count,
      fields: ['x', 'y', 'z', 'intensity', 'ring'],
      bounds: pointBounds(cloud, emptyBounds()),
    };
    options.onSweep?.(++done, clouds.length);
  }
  const png = new Map<string, Buffer>();
  for (const image of scene.images) {
    const size = `${image.width}x${image.height}`;
    if (!png.has(size)) {
      png.set(
        size,
        await sharp({
          create: {
            width: image.width,
            height: image.height,
            channels: 3,
            background: { r: 90, g: 90, b: 90 },
          },
        })
          .png()
          .toBuffer(),
      );
    }
    const path = join(dir, image.key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, png.get(size)!);
  }
  const root = toPosix(dir);
  const io = createNodeFormatIO();
  await nuscenes.write!({ dataset: scene.dataset, imagesRoot: root, outDir: root, io, images: 'none' });
  if (options.boxes2d !== undefined) {
    const d = scene.dataset;
    const boxes = {
      classes: d.classes,
      samples: d.samples.filter((s) => s.kind !== 'point_cloud'),
      annotations: d.annotations.filter((a) => a.kind === 'bbox'),
    };
    await coco.write!({
      dataset: boxes,
      imagesRoot: root,
      outDir: toPosix(options.boxes2d),
      io,
      images: 'none',
      singleFile: true,
    });
  }
  return scene.dataset;
}
