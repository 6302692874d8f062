/**
 * Issue 10 (survey LiDAR): a LAS tile on a UTM grid (y ≈ 5.4e6 m, 0.01 m scale), written here from the
 * ASPRS LAS 1.4 specification, imported into a project: the sample keeps its local origin (migration 13),
 * the 3D view's points are relative to it and say so (`x-point-origin`), and `assay export ply` writes the
 * file's own coordinates back, exact to its scale.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LidarFramesResponse } from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { parsePointLayout } from '@assay/core/point-cloud/decode-points';
import { lasFile } from '@assay/core/test-kit/las-file';
import { serveDemo } from '../test-kit/demo-server.js';

const OFFSET = [500000, 5400000, 0];
/** The integers the file stores (× 0.01 + OFFSET): a 2 km tile whose minimum lies at (512345.67, 5403210.12). */
const STORED = [
  [1234567, 321012, 30150],
  [1334601, 320199, 31025],
  [1434700, 520000, 30200],
];

describe('issue 10: a survey-grid LAS tile through a project', () => {
  let dir = '';
  let s: Awaited<ReturnType<typeof serveDemo>>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-las-origin-'));
    await mkdir(join(dir, 'data'));
    const points = STORED.map(([x, y, z]) => ({
      x: x! * 0.01 + OFFSET[0]!,
      y: y! * 0.01 + OFFSET[1]!,
      z: z! * 0.01,
      intensity: 1,
      classByte: 2,
    }));
    await writeFile(join(dir, 'data/tile.las'), lasFile(0, 2, points, 0.01, OFFSET));
    assert.equal((await runCli(['init', dir], dir)).code, 0);
    const imported = await runCli(['import', 'las', join(dir, 'data')], dir);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout + imported.stderr, /local origin \(512000, 5403000, 0\)/);
    s = await serveDemo(dir);
  });
  after(async () => {
    await s?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the 3D view gets the points relative to the stored origin, and the origin', async () => {
    const frames = LidarFramesResponse.parse(await (await s.get('/api/lidar/frames')).json()).frames;
    const res = await s.get(`/api/lidar/points/${frames[0]!.sample_id}?max=10`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-point-origin'), '512000,5403000,0');
    const data = new Float32Array(await res.arrayBuffer());
    assert.deepEqual(
      [...data.subarray(0, 3)],
      [...Float32Array.from([12345.67 - 12000, 3210.12 - 3000, 301.5])],
    );
  });

  test('export ply writes x, y, z as doubles, the integers of the file exactly', async () => {
    const out = join(dir, 'out');
    const exported = await runCli(['export', 'ply', out], dir);
    assert.equal(exported.code, 0, exported.stderr);
    const bytes = await readFile(join(out, 'tile.ply'));
    const layout = parsePointLayout(bytes, 'ply', 'tile.ply')!;
    const view = new DataView(bytes.buffer, bytes.byteOffset + layout.headerBytes);
    const xyz = ['x', 'y', 'z'].map((n) => layout.fields.find((f) => f.name === n)!);
    const back = STORED.map((_, i) =>
      xyz.map((f, k) =>
        Math.round((view.getFloat64(i * layout.stride + f.offset, true) - OFFSET[k]!) / 0.01),
      ),
    );
    assert.deepEqual(back, STORED);
  });
});
