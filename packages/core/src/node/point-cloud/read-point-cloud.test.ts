import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { readPointCloud, streamPointCloud } from './read-point-cloud.js';

// Real KITTI sweep (kitti-object-3, CC BY-NC-SA 3.0). Reference values from the file itself:
// `od -A d -t f4` (first and last points) and Python's array('f') over the bytes (count, min/max).
const SWEEP = sharedFixture('kitti-object-3/velodyne/000001.bin');

describe('readPointCloud (KITTI velodyne .bin)', () => {
  it('reads all 120,268 points as float32 columns', async () => {
    const cloud = await readPointCloud(SWEEP);
    assert.equal(cloud.count, 120_268);
    assert.deepEqual(Object.keys(cloud.fields), ['x', 'y', 'z', 'intensity']);
    const { x, y, z } = cloud.fields;
    assert.ok(
      Math.abs(x![0]! - 49.52) < 1e-4 && Math.abs(y![0]! - 22.668) < 1e-4 && Math.abs(z![0]! - 2.051) < 1e-4,
    );
    assert.ok(Math.abs(x![120_267]! - 3.731) < 1e-4 && Math.abs(z![120_267]! + 1.741) < 1e-4);
    let min = Infinity;
    let max = -Infinity;
    for (const v of z!) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assert.ok(Math.abs(min + 7.293) < 1e-5 && Math.abs(max - 2.904) < 1e-5);
  });

  it('streams it in batches whose starts follow each other', async () => {
    const it = streamPointCloud(SWEEP, 'kitti-bin', { batchPoints: 50_000 });
    const counts: number[] = [];
    let next = await it.next();
    while (!next.done) {
      assert.equal(
        next.value.start,
        counts.reduce((a, b) => a + b, 0),
      );
      counts.push(next.value.count);
      next = await it.next();
    }
    assert.equal(next.value.count, 120_268);
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      120_268,
    );
    assert.ok(counts.every((c) => c <= 50_000));
  });

  it('a missing file is an IO error naming it; an unknown extension asks for the format', async () => {
    await assert.rejects(readPointCloud('/nonexistent/x.bin'), /nonexistent\/x\.bin/);
    await assert.rejects(
      readPointCloud('/tmp/points.xyz'),
      (e: unknown) => (e as { code?: string }).code === 'UNKNOWN_FORMAT',
    );
  });
});
