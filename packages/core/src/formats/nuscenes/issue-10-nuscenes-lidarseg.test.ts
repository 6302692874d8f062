/**
 * Issue 10 (LiDAR logs as segmentation teams have them): nuScenes-lidarseg adds lidarseg.json (a label
 * file per key frame LiDAR sweep, lidarseg/<version>/<token>_lidarseg.bin: one uint8 a point, the value a
 * category's `index` in category.json). Its labels were not read at all (the import said nothing of
 * them). Written here from the devkit's description over a synthetic nuScenes scene.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { writeLidarScene } from '../../node/lidar/write-lidar-scene.js';
import { lidarScene } from '../../synthetic/lidar-scene.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { nuscenes } from './nuscenes-format.js';

describe('issue 10: nuScenes-lidarseg per-point labels', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-lidarseg-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('each lidarseg file is a point_labels annotation on its sweep, named by category index; a short one is a problem', async () => {
    const scene = lidarScene({ frames: 2, points: 40, objects: 1, defects: false, seed: 3 });
    const root = `${dir}/nuscenes`;
    await writeLidarScene(scene, root);
    const version = (await readdir(root)).find((f) => f.startsWith('v1.0'))!;
    const tables = `${root}/${version}`;
    const categories = JSON.parse(await readFile(`${tables}/category.json`, 'utf8')) as { name: string }[];
    categories.forEach((c, i) => {
      Object.assign(c, { index: i + 1 });
    });
    await writeFile(`${tables}/category.json`, JSON.stringify(categories));
    const data = JSON.parse(await readFile(`${tables}/sample_data.json`, 'utf8')) as {
      token: string;
      filename: string;
      is_key_frame: boolean;
    }[];
    const sweeps = data.filter((d) => d.is_key_frame && d.filename.endsWith('.pcd.bin')).slice(0, 2);
    await mkdir(`${root}/lidarseg/${version}`, { recursive: true });
    const records = sweeps.map((d, i) => ({
      token: `seg${i}`,
      sample_data_token: d.token,
      filename: `lidarseg/${version}/seg${i}_lidarseg.bin`,
    }));
    const count = scene.cloud(sweeps[0]!.filename).count;
    // First sweep: 0 (noise) on the first 10 points, then the first category; second sweep cut short.
    const labels = Uint8Array.from({ length: count }, (_, i) => (i < 10 ? 0 : 1));
    await writeFile(`${root}/${records[0]!.filename}`, labels);
    await writeFile(`${root}/${records[1]!.filename}`, labels.subarray(0, 5));
    await writeFile(`${tables}/lidarseg.json`, JSON.stringify(records));
    const io = createNodeFormatIO();
    const got = await nuscenes.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    const pointLabels = got.annotations.filter((a) => a.kind === 'point_labels');
    assert.deepEqual(pointLabels, [
      {
        sample: sweeps[0]!.filename,
        source: 'ground_truth',
        kind: 'point_labels',
        pointLabels: {
          file: records[0]!.filename,
          encoding: 'u8',
          classes: { 0: '0', 1: categories[0]!.name },
          counts: { 0: 10, [categories[0]!.name]: count - 10 },
        },
      },
    ]);
    assert.equal(got.problems.length, 1);
    assert.match(got.problems[0]!.file, /seg1_lidarseg\.bin$/);
    assert.match(got.problems[0]!.reason, /5 labels for a sweep of \d+ points/);
    assert.ok(
      got.notes?.includes('1 lidarseg label file read as per-point classes of their sweeps'),
      String(got.notes),
    );
  });
});
