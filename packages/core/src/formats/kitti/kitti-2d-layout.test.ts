/**
 * KITTI's 2D object layout, as the 2D detection benchmark is often shared (datumaro's kitti_detection
 * asset has this shape): training/image_2/ and training/label_2/, no velodyne/ nor calib/. It is detected
 * by `import auto`, read as images with 2D boxes without a warning per frame, and a folder with no KITTI
 * frames at all is an error, not "Imported 0 annotations on 0 samples".
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { kitti } from './kitti-format.js';

const io = createNodeFormatIO();

describe('KITTI 2D object layout (image_2/ and label_2/ only)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-kitti-2d-')));
    await renderImage(`${dir}/det/training/image_2/000030_10.png`, 40, 30, 1);
    await renderImage(`${dir}/det/training/image_2/000030_11.png`, 40, 30, 2);
    await mkdir(`${dir}/det/training/label_2`, { recursive: true });
    await writeFile(
      `${dir}/det/training/label_2/000030_10.txt`,
      'Truck 1.0 0 -1 0 1 2 3 -1 -1 -1 -1 -1 -1 -1\nVan 0.0 0 -1 0 5 1 8 -1 -1 -1 -1 -1 -1 -1\n',
    );
    await writeFile(
      `${dir}/det/training/label_2/000030_11.txt`,
      'Van 1.0 1 -1 0 0 2 2 -1 -1 -1 -1 -1 -1 -1\n',
    );
    await mkdir(`${dir}/empty/training`, { recursive: true });
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('is detected by import auto as KITTI', async () => {
    const best = await detectFormat(formats, `${dir}/det`, io);
    assert.equal(best.format.id, 'kitti');
    assert.match(best.detection.reason, /KITTI 2D object/);
  });

  it('reads the images with their 2D boxes, split training, and no per-frame calibration or sweep warnings', async () => {
    const r = await kitti.read({ path: `${dir}/det`, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.kind ?? 'image', s.split]),
      [
        ['training/image_2/000030_10.png', 'image', 'training'],
        ['training/image_2/000030_11.png', 'image', 'training'],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.label, a.kind, a.bbox]),
      [
        ['training/image_2/000030_10.png', 'Truck', 'bbox', [0, 1, 2, 2]],
        ['training/image_2/000030_10.png', 'Van', 'bbox', [0, 5, 1, 3]],
        ['training/image_2/000030_11.png', 'Van', 'bbox', [0, 0, 2, 2]],
      ],
    );
    assert.deepEqual(r.problems, []);
    assert.ok(r.notes?.some((n) => /2D layout/.test(n)));
  });

  it('a folder without KITTI frames is an INVALID_INPUT error with a hint', async () => {
    await assert.rejects(
      kitti.read({ path: `${dir}/empty`, source: 'ground_truth', io, lookup: emptyLookup }),
      (e: unknown) =>
        e instanceof AssayError && e.code === 'INVALID_INPUT' && /holds no KITTI frames/.test(e.message),
    );
  });
});
