/**
 * A SemanticKITTI dataset folder (`dataset/sequences/00 … 21`, as semantic-kitti-api and mmdetection3d's
 * test data lay it out; issue 10). On main `import auto` on it, or on its sequences/ folder, was "Could
 * not tell which format" with each sequence's command as a weak guess. Files written here from
 * SemanticKITTI's description: velodyne/NNNNNN.bin (float32 x, y, z, remission), labels/NNNNNN.label
 * (uint32 a point, class in the low 16 bits), times.txt.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { kittiRaw } from './kitti-raw-format.js';

const io = createNodeFormatIO();
const sweep = (n: number) => new Uint8Array(Float32Array.from({ length: n * 4 }, (_, i) => i % 4).buffer);

describe('SemanticKITTI: a folder of sequences (issue 10)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-semkitti-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every sequence read together: keys and label files below the sequence, frames per sequence, SemanticKITTI splits', async () => {
    const root = `${dir}/dataset`;
    for (const [seq, labels] of [
      ['00', [40, 40, 10]],
      ['08', [50, 10, 10]],
      ['11', undefined],
    ] as const) {
      const path = `${root}/sequences/${seq}`;
      await mkdir(`${path}/velodyne`, { recursive: true });
      await writeFile(`${path}/velodyne/000000.bin`, sweep(3));
      await writeFile(`${path}/times.txt`, '0.000000e+00\n');
      if (labels === undefined) continue;
      await mkdir(`${path}/labels`);
      await writeFile(`${path}/labels/000000.label`, new Uint8Array(Uint32Array.from(labels).buffer));
    }
    const found = await detectFormat(formats, root, io);
    assert.equal(found.format.id, 'kitti-raw');
    assert.equal(found.detection.confidence, 0.8);
    const got = await kittiRaw.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });
    assert.equal(got.imagesRoot, `${root}/sequences`);
    assert.deepEqual(
      got.samples.map((s) => [s.key, s.split]),
      [
        ['00/velodyne/000000.bin', 'train'],
        ['08/velodyne/000000.bin', 'val'],
        ['11/velodyne/000000.bin', 'test'],
      ],
    );
    assert.deepEqual(
      got.annotations.map((a) => [a.sample, a.pointLabels?.file, a.pointLabels?.counts]),
      [
        ['00/velodyne/000000.bin', '00/labels/000000.label', { road: 2, car: 1 }],
        ['08/velodyne/000000.bin', '08/labels/000000.label', { building: 1, car: 2 }],
      ],
    );
    assert.deepEqual(
      got.frames?.map((f) => [f.name, f.sequence, f.members.map((m) => `${m.sensor} ${m.sample}`)]),
      [
        ['00/000000', '00', ['00/velodyne 00/velodyne/000000.bin']],
        ['08/000000', '08', ['08/velodyne 08/velodyne/000000.bin']],
        ['11/000000', '11', ['11/velodyne 11/velodyne/000000.bin']],
      ],
    );
    assert.deepEqual(
      got.sequences?.map((s) => s.name),
      ['00', '08', '11'],
    );
    assert.deepEqual(got.problems, []);
  });
});
