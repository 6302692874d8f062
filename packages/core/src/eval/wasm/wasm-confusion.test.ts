/**
 * confusion.wat against confusion.ts's JS loops on the pooled scenes of the shared fixtures (crowd
 * regions in COCO val2014): the same matrix and crowd count at several IoU and score thresholds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { loadCocoDetections } from '../coco/load-detections.js';
import { loadCocoGroundTruth } from '../coco/load-ground-truth.js';
import { defaultCocoParams } from '../coco/params.js';
import { useWasmKernels } from '../coco/wasm/instantiate.js';
import { detectionConfusion } from '../confusion.js';
import { pooledScenes } from '../pooled-scenes.js';
import { confusionWasm } from './wasm-confusion.js';

describe('confusion.wat', () => {
  after(() => useWasmKernels(true));

  it('counts as detectionConfusion does', () => {
    const files = [
      ['synthetic-det500/det500/gt.json', 'synthetic-det500/det500/dt_bbox.json'],
      [
        'coco-val2014-100/instances_val2014_100.json',
        'coco-val2014-100/instances_val2014_fakebbox100_results.json',
      ],
    ];
    for (const [gt, dt] of files) {
      const dataset = loadCocoGroundTruth(JSON.parse(readFileSync(sharedFixture(gt!), 'utf8')));
      const objects = loadCocoDetections(JSON.parse(readFileSync(sharedFixture(dt!), 'utf8')), dataset).dt;
      const scenes = pooledScenes(dataset, objects, defaultCocoParams('bbox', true))!;
      let crowds = 0;
      for (const [iouThreshold, scoreThreshold] of [
        [0.5, 0.5],
        [0.3, 0.1],
        [0.75, 0],
      ] as const) {
        useWasmKernels(false);
        const js = detectionConfusion(scenes, { iouThreshold, scoreThreshold });
        useWasmKernels(true);
        const kernel = confusionWasm(scenes, iouThreshold, scoreThreshold)!;
        assert.ok(kernel, 'the kernel ran');
        assert.deepStrictEqual(detectionConfusion(scenes, { iouThreshold, scoreThreshold }), js);
        assert.deepStrictEqual(Array.from(kernel.counts), js.matrix.flat());
        assert.equal(kernel.ignored, js.ignored);
        crowds += js.ignored;
      }
      if (gt!.startsWith('coco')) assert.ok(crowds > 0, 'detections left out in crowd regions');
    }
  });
});
