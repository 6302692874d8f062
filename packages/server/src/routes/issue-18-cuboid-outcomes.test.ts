/**
 * After `assay eval --pred` on cuboids, the app can jump to a false positive or a miss among the
 * cuboids: the outcome filter finds the sweeps holding them, and /api/annotations gives each cuboid
 * its outcome (the predictions imported from label files alone, matched to the frames by id).
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AnnotationsResponse, SamplesQueryResponse } from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { writeKittiLabels, writeKittiScene } from '@assay/core/test-kit/kitti-scene';
import { serveDemo } from '../test-kit/demo-server.js';

// A car only the prediction has, far from the others (camera frame: 8 m left, 30 m ahead), lowest score.
const STRAY_CAR = 'Car 0.00 0 0.00 100.00 180.00 150.00 220.00 1.50 1.80 4.00 -8.00 1.70 30.00 1.57 0.05';

describe('cuboid outcomes in the app (issue 18)', () => {
  let dir = '';
  let s: Awaited<ReturnType<typeof serveDemo>>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-cuboid-outcomes-'));
    await writeKittiScene(join(dir, 'data'), 2);
    for (let f = 0; f < 2; f++) await writeKittiLabels(join(dir, 'pred'), f, 'prediction');
    await appendFile(join(dir, 'pred/label_2/000001.txt'), `${STRAY_CAR}\n`);
    assert.equal((await runCli(['init', dir], dir)).code, 0);
    for (const args of [
      ['import', 'kitti', join(dir, 'data')],
      ['import', 'kitti', join(dir, 'pred'), '--as', 'prediction:model'],
      ['eval', '--pred', 'prediction:model'],
    ]) {
      const r = await runCli(args, dir);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    s = await serveDemo(dir);
  });
  after(async () => {
    await s?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the fp filter finds the sweep with the stray car, whose cuboid is the false positive', async () => {
    const filter = { outcome: ['fp'], sources: ['prediction:model'] };
    const page = SamplesQueryResponse.parse(
      await (await s.post('/api/samples/query', { filter, offset: 0, limit: 100 })).json(),
    );
    const sweep = page.items.find((i) => i.path === 'velodyne/000001.bin');
    assert.ok(sweep, `the sweep is among ${page.items.map((i) => i.path).join(', ')}`);
    assert.ok(
      !page.items.some((i) => i.path === 'velodyne/000000.bin'),
      'the other sweep has no false positive',
    );
    const anns = AnnotationsResponse.parse(
      await (await s.post('/api/annotations', { sample_ids: [sweep.id] })).json(),
    ).samples[String(sweep.id)]!;
    const outcomes = anns
      .filter((a) => a.kind === 'cuboid')
      .map((a) => `${a.source} ${a.outcome}`)
      .sort();
    assert.deepEqual(outcomes, [
      'ground_truth tp',
      'ground_truth tp',
      'prediction:model fp',
      'prediction:model tp',
      'prediction:model tp',
    ]);
  });
});
