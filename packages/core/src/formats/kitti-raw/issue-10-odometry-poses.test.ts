/**
 * Issue 10 (LiDAR logs nobody here made): a KITTI odometry / SemanticKITTI sequence with `poses.txt` (one
 * 3×4 pose of camera 0 a line, in the first camera 0's frame, as the odometry ground truth and
 * SemanticKITTI ship it), built here from the devkit's description: the sweeps get the velodyne's pose,
 * Tr⁻¹ · pose · Tr as semantic-kitti-api's generate_sequential computes it. Before, poses.txt was ignored.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { kittiRaw } from './kitti-raw-format.js';

const io = createNodeFormatIO();
const P = 'P0: 718.856 0 607.1928 0 0 718.856 185.2157 0 0 0 1 0';
// velodyne → camera 0: x forward, y left, z up → camera x right, y down, z forward
const CALIB = `${[0, 1, 2, 3].map((i) => P.replace('P0', `P${i}`)).join('\n')}\nTr: 0 -1 0 0 0 0 -1 -0.08 1 0 0 -0.27\n`;

describe('issue 10: KITTI odometry poses', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-odometry-poses-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("poses.txt: each sweep gets the velodyne's pose, moved from camera 0's by calib.txt's Tr", async () => {
    const seq = `${dir}/sequences/08`;
    await mkdir(`${seq}/velodyne`, { recursive: true });
    for (const id of ['000000', '000001'])
      await writeFile(`${seq}/velodyne/${id}.bin`, new Uint8Array(Float32Array.from([1, 2, 3, 0.5]).buffer));
    await writeFile(`${seq}/times.txt`, '0.0\n0.1\n');
    await writeFile(`${seq}/calib.txt`, CALIB);
    // camera 0 turned 90° left (about its y axis, pointing down) after moving 1 m forward
    await writeFile(`${seq}/poses.txt`, '1 0 0 0 0 1 0 0 0 0 1 0\n0 0 -1 0 0 1 0 0 1 0 0 1\n');
    const got = await kittiRaw.read({ path: seq, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(got.problems, []);
    const poses = got.frames?.map((f) => f.members[0]?.pose);
    const round = (v: number[]) => v.map((x) => Math.round(x * 1e6) / 1e6 + 0);
    assert.deepEqual(round(poses![0]!.translation), [0, 0, 0]);
    assert.deepEqual(round(poses![0]!.rotation), [1, 0, 0, 0]);
    // camera 0 sits 0.27 m ahead of the velodyne (Tr): 1 m forward puts it at x = 1.27, and turned 90° left
    // about it, the velodyne ends 0.27 m to its right (y = −0.27), turned left about z: [cos 45°, 0, 0, sin 45°]
    assert.deepEqual(round(poses![1]!.translation), [1.27, -0.27, 0]);
    assert.deepEqual(round(poses![1]!.rotation), round([Math.SQRT1_2, 0, 0, Math.SQRT1_2]));
  });

  it('poses.txt without calib.txt: said, the sweeps kept without poses', async () => {
    const seq = `${dir}/no-calib/00`;
    await mkdir(`${seq}/velodyne`, { recursive: true });
    await writeFile(`${seq}/velodyne/000000.bin`, new Uint8Array(Float32Array.from([1, 2, 3, 0.5]).buffer));
    await writeFile(`${seq}/times.txt`, '0.0\n');
    await writeFile(`${seq}/poses.txt`, '1 0 0 0 0 1 0 0 0 0 1 0\n');
    const got = await kittiRaw.read({ path: seq, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(got.samples.length, 1);
    assert.equal(got.frames?.[0]?.members[0]?.pose, undefined);
    assert.match(
      got.problems.map((p) => `${p.file}: ${p.reason}`).join('\n'),
      /poses\.txt: is not used: .*Tr/,
    );
  });
});
