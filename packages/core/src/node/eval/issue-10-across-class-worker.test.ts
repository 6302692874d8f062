/**
 * Issue 10 §4: a box evaluation's TIDE and confusion matrix made on a worker thread while the calling
 * thread accumulates give the same result as on one thread, and a worker that cannot start, or fails
 * while it works, leaves the result made on the calling thread.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { acrossClassWorkerFile } from './across-class-in-worker.js';
import type { AcrossClassWorkerMessage } from './across-class-worker.js';
import { type EvaluateCocoFilesOptions, evaluateCocoFiles } from './evaluate-coco-files.js';

// Tied scores, crowd regions, images with more than 100 detections.
const GT = sharedFixture('synthetic-det500/det500/gt.json');
const DT = sharedFixture('synthetic-det500/det500/dt_bbox.json');

async function evaluate(options: Partial<EvaluateCocoFilesOptions>) {
  const { timings: _, ...rest } = await evaluateCocoFiles({ gt: GT, dt: DT, analyses: {}, ...options });
  return rest;
}

describe('eval coco: TIDE and the confusion matrix on a worker thread', () => {
  it('equal those made on one thread (IoU unset; 0.3 with categories pooled), and come from the worker', async () => {
    for (const variant of [{}, { analyses: { iou: 0.3 }, useCats: false }]) {
      const answers: string[] = [];
      const worker = () => {
        const w = new Worker(acrossClassWorkerFile());
        w.on('message', (m: AcrossClassWorkerMessage) => answers.push(m.type));
        return w;
      };
      const here = await evaluate({ ...variant, acrossClassThread: 'here' });
      const there = await evaluate({ ...variant, acrossClassThread: worker });
      assert.deepEqual(answers, ['done'], JSON.stringify(variant));
      assert.ok(here.analyses?.tide && here.analyses.confusion);
      assert.ok(here.analyses.tide.dtError.some((e) => e >= 0));
      assert.deepEqual(there, here, JSON.stringify(variant));
    }
  });

  it('are made on the calling thread when the worker cannot start or fails', async () => {
    const here = await evaluate({ acrossClassThread: 'here' });
    const failing: (() => Worker)[] = [
      () => {
        throw new Error('no threads here');
      },
      () => new Worker('throw new Error("fails as it starts")', { eval: true }),
      () =>
        new Worker('require("node:worker_threads").parentPort.once("message", () => process.exit(3))', {
          eval: true,
        }),
    ];
    for (const start of failing) assert.deepEqual(await evaluate({ acrossClassThread: start }), here);
  });
});
