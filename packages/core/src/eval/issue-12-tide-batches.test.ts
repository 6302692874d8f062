import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TestBox, type TestImage, testScenes } from './_scenes-test-kit.js';
import { TIDE_ERROR_TYPES, type TideResult, TideStream, tideErrors } from './tide.js';

// Issue 12: TideStream takes each batch's scenes with the batch's own object numbers (from 0) and
// the offsets of its first objects in the run; what it holds per ground truth of a batch (claimed by
// a cls/loc error, the best claim's score) is fresh for every batch. Batch 2's ground truth has the
// same numbers (0, 1) as batch 1's, so anything left over from batch 1 changes its results.
const box10: TestBox = [0, 0, 10, 10];
const far: TestBox = [100, 0, 10, 10];
/** IoU 1/3 with `far` (and `shifted` with box10): a localisation error. */
const farShifted: TestBox = [105, 0, 10, 10];
const shifted: TestBox = [5, 0, 10, 10];

const batch1: TestImage[] = [
  {
    // A and B are both claimed by loc errors (.9 on A, .8 on B): neither is a miss.
    // E is found. Batch 1 has more ground truth than batch 2: batch 2 reuses its buffers.
    gt: [
      { box: box10, cls: 0 },
      { box: far, cls: 0 },
      { box: [200, 0, 10, 10], cls: 1 },
    ],
    dt: [
      { box: shifted, cls: 0, score: 0.9 },
      { box: farShifted, cls: 0, score: 0.8 },
      { box: [200, 0, 10, 10], cls: 1, score: 0.95 },
    ],
  },
];
const batch2: TestImage[] = [
  {
    // C (number 0 in its batch, as A) has no detection: a miss. D (number 1, as B) is claimed by a
    // loc error of score .3 only (below B's .8): fixing loc makes it a true positive.
    gt: [
      { box: box10, cls: 0 },
      { box: far, cls: 0 },
    ],
    dt: [{ box: farShifted, cls: 0, score: 0.3 }],
  },
];

function stream(batches: TestImage[][]): TideResult {
  const all = testScenes(batches.flat(), 2);
  const tide = new TideStream(2, all.gtCategory, all.dtCategory.length);
  let gt = 0;
  let dt = 0;
  for (const batch of batches) {
    const scenes = testScenes(batch, 2);
    tide.add(scenes, gt, dt);
    gt += scenes.gtCategory.length;
    dt += scenes.dtCategory.length;
  }
  return tide.finish();
}

describe('TideStream over batches numbered from 0 (issue 12)', () => {
  const whole = tideErrors(testScenes([...batch1, ...batch2], 2));
  const batched = stream([batch1, batch2]);

  it('finds what the images give on their own: one miss (C), three loc errors', () => {
    assert.deepEqual(whole.counts, { cls: 0, loc: 3, both: 0, dupe: 0, bkg: 0, miss: 1 });
    const miss = TIDE_ERROR_TYPES.indexOf('miss');
    assert.deepEqual(Array.from(whole.gtError), [-1, -1, -1, miss, -1]);
  });

  it('equals the evaluation of every image at once, number for number', () => {
    assert.deepEqual(batched.counts, whole.counts);
    assert.deepEqual(Array.from(batched.dtError), Array.from(whole.dtError));
    assert.deepEqual(Array.from(batched.gtError), Array.from(whole.gtError));
    assert.equal(batched.ap, whole.ap);
    assert.deepEqual(batched.dap, whole.dap);
    assert.deepEqual(batched.special, whole.special);
  });

  it('gives D its own claim: fixing loc finds A, B and D (class 0 AP 3/4 of the way)', () => {
    // Class 0, loc fixed: TP .9 (A), TP .8 (B), TP .3 (D), with 4 GT (A, B, C, D): precision 1 up to
    // recall 3/4, so AP0 = 76/101; class 1: E found, AP1 = 1. mAP = (76/101 + 1) / 2.
    const fixed = batched.ap + batched.dap.loc;
    assert.ok(Math.abs(fixed - (76 / 101 + 1) / 2) <= 1e-12, `${fixed}`);
  });
});
