import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { concatBytes } from '../../arrays/concat-bytes.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { pcd, ply } from './point-files-format.js';

const SKIPS = {
  lidarSkip: {
    lidar_empty:
      'the per-point labels live in the point files themselves: written without annotations, they still read back',
    lidar_missing_sweep:
      'a folder of point files lists what is there: no record refers to a file that is gone',
  },
};
describeConformance(pcd, SKIPS);
describeConformance(ply, SKIPS);

describe('pcd/ply: files with per-point labels', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-point-files-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('an ascii PCD with a label field: one point_labels annotation with the points per class (classes.txt)', async () => {
    const folder = `${dir}/clouds`;
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    await writeFile(
      `${folder}/scan.pcd`,
      'VERSION .7\nFIELDS x y z label\nSIZE 4 4 4 4\nTYPE F F F U\nCOUNT 1 1 1 1\nWIDTH 4\nHEIGHT 1\nPOINTS 4\nDATA ascii\n0 0 0 0\n1 0 0 2\n2 0 0 2\n3 0 0 1\n',
    );
    await writeFile(`${folder}/classes.txt`, 'ground\ncar\npedestrian\n');
    const io = createNodeFormatIO();
    const found = await detectFormat(formats, folder, io);
    assert.equal(found.format.id, 'pcd');
    const read = await pcd.read({ path: folder, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(read.samples[0]?.pointCloud?.count, 4);
    assert.deepEqual(read.annotations[0]?.pointLabels?.counts, { ground: 1, car: 1, pedestrian: 2 });
    assert.deepEqual(
      read.classes.map((c) => c.name),
      ['ground', 'car', 'pedestrian'],
    );
  });

  it("CloudCompare's scalar_Label (Toronto-3D's PLY files): per-point labels whatever the field's case", async () => {
    const file = `${dir}/L001.ply`;
    await writeFile(
      file,
      'ply\nformat ascii 1.0\nelement vertex 3\nproperty double x\nproperty double y\nproperty double z\nproperty float scalar_Intensity\nproperty float scalar_Label\nend_header\n0 0 0 9 1\n1 0 0 9 1\n2 0 0 9 4\n',
    );
    const io = createNodeFormatIO();
    const read = await ply.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(read.annotations[0]?.pointLabels?.field, 'scalar_Label');
    assert.deepEqual(read.annotations[0]?.pointLabels?.counts, { '1': 2, '4': 1 });
  });

  it('a binary PLY file is detected and read by itself', async () => {
    const header =
      'ply\nformat binary_little_endian 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
    const body = new Float32Array([1, 2, 3, 4, 5, 6]);
    const file = `${dir}/one.ply`;
    await writeFile(file, concatBytes(new TextEncoder().encode(header), new Uint8Array(body.buffer)));
    const io = createNodeFormatIO();
    assert.equal((await ply.detect(file, io))?.confidence, 0.9);
    const read = await ply.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(read.samples[0]?.pointCloud?.count, 2);
    assert.deepEqual(read.samples[0]?.pointCloud?.bounds, { min: [1, 2, 3], max: [4, 5, 6] });
  });
});
