/**
 * The 3D view colours a SemanticKITTI sweep by its `.label` file: /api/lidar/points?color=label reads
 * the sweep's point_labels file (inside the project's root) and sends each point's class (lower 16 bits).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LidarFramesResponse } from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { serveDemo } from '../test-kit/demo-server.js';

const N = 12;

describe('/api/lidar/points colours a SemanticKITTI sweep by its .label file', () => {
  let dir = '';
  let s: Awaited<ReturnType<typeof serveDemo>>;
  const classes = Array.from({ length: N }, (_, i) => [40, 10, 70][i % 3]!);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-label-colours-'));
    const seq = join(dir, 'sequences', '00');
    await mkdir(join(seq, 'velodyne'), { recursive: true });
    await mkdir(join(seq, 'labels'), { recursive: true });
    const xyzi = new Float32Array(N * 4);
    for (let i = 0; i < N; i++) xyzi.set([5 + i, i % 4, -1.5, 0.2], i * 4);
    await writeFile(join(seq, 'velodyne', '000000.bin'), new Uint8Array(xyzi.buffer));
    // Instance ids in the upper 16 bits must not reach the colours.
    const labels = Uint32Array.from(classes, (c, i) => c | ((i + 1) << 16));
    await writeFile(join(seq, 'labels', '000000.label'), new Uint8Array(labels.buffer));
    await writeFile(join(seq, 'times.txt'), '0.0\n');
    assert.equal((await runCli(['init', dir], dir)).code, 0);
    const imported = await runCli(['import', 'kitti-raw', seq], dir);
    assert.equal(imported.code, 0, imported.stderr);
    s = await serveDemo(dir);
  });
  after(async () => {
    await s?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('color=label sends the classes; color=height the heights', async () => {
    const frames = LidarFramesResponse.parse(await (await s.get('/api/lidar/frames')).json()).frames;
    assert.equal(frames.length, 1);
    const id = frames[0]!.sample_id;
    const res = await s.get(`/api/lidar/points/${id}?max=1000&color=label`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-point-attribute'), 'label');
    const data = new Float32Array(await res.arrayBuffer());
    assert.deepEqual([...data.subarray(N * 3)], classes);
    const height = await s.get(`/api/lidar/points/${id}?max=1000&color=height`);
    assert.equal(height.headers.get('x-point-attribute'), 'height');
  });
});
