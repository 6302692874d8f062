/**
 * Issue 10 (LiDAR logs nobody here made): Waymo frames converted to KITTI form by mmdetection3d
 * (tools/dataset_converters/waymo_converter.py: `training/velodyne/<prefix><file><frame>.bin`, each point
 * x, y, z, intensity, elongation, mask index as float32, 6 values, not KITTI's 4). Built here: an 800-point
 * 360° ring (as the converter's test frames hold 800 points, 19,200 bytes, which is also 1,200 whole
 * KITTI points: read as 4 values, the sweep was silently garbage).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { collectPoints } from '../../point-cloud/decode-points.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { kitti } from './kitti-format.js';

const io = createNodeFormatIO();
const N = 800;

/** A ring of N points around the sensor (radius 10–12 m), x, y, z, intensity, elongation, mask index. */
function waymoSweep(): Float32Array {
  const out = new Float32Array(N * 6);
  for (let i = 0; i < N; i++) {
    const a = (2 * Math.PI * i) / N;
    const r = 10 + 2 * Math.abs(Math.sin(3 * a));
    out.set([r * Math.cos(a), r * Math.sin(a), -1.7, (i % 50) / 50, 0.05, 1000 + i], i * 6);
  }
  return out;
}

describe('issue 10: Waymo sweeps in KITTI form (mmdetection3d)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-waymo-kitti-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('6 float32 values a point: read so (800 points, not 1,200), the extra values kept, said in a note', async () => {
    const root = `${dir}/kitti_format/training`;
    await mkdir(`${root}/velodyne`, { recursive: true });
    const sweep = waymoSweep();
    for (const id of ['0000000', '1000000'])
      await writeFile(`${root}/velodyne/${id}.bin`, new Uint8Array(sweep.buffer));
    const got = await kitti.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    const clouds = got.samples.filter((s) => s.kind === 'point_cloud');
    assert.equal(clouds.length, 2);
    const info = clouds[0]!.pointCloud!;
    assert.equal(info.count, N);
    assert.deepEqual(info.fields, ['x', 'y', 'z', 'intensity', 'dim_4', 'dim_5']);
    assert.ok(info.bounds!.min[0] >= -12.01 && info.bounds!.max[0] <= 12.01, JSON.stringify(info.bounds));
    assert.equal(info.bounds!.min[2], Math.fround(-1.7));
    assert.match(
      got.notes?.join('\n') ?? '',
      /2 sweeps \(velodyne\/0000000\.bin, \.\.\.\) hold 6 float32 values a point/,
    );
    // read in small chunks (as the 3D view streams it), the same points
    const cloud = await collectPoints(io.readChunks(`${root}/velodyne/0000000.bin`, 1000), 'kitti-bin');
    assert.equal(cloud.count, N);
    assert.deepEqual(cloud.fields.dim_5?.subarray(0, 3), Float32Array.from([1000, 1001, 1002]));
    assert.deepEqual(cloud.fields.y?.[200], sweep[200 * 6 + 1]);
  });

  it("KITTI's own 4 values a point are read as before", async () => {
    const path = `${dir}/kitti.bin`;
    const four = new Float32Array(N * 4);
    const six = waymoSweep();
    for (let i = 0; i < N; i++) four.set(six.subarray(i * 6, i * 6 + 4), i * 4);
    await writeFile(path, new Uint8Array(four.buffer));
    const cloud = await collectPoints(io.readChunks(path), 'kitti-bin');
    assert.equal(cloud.count, N);
    assert.deepEqual(Object.keys(cloud.fields), ['x', 'y', 'z', 'intensity']);
  });
});
