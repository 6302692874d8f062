import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TestImage, testScenes } from './_scenes-test-kit.js';
import { TIDE_ERROR_TYPES, tideErrors } from './tide.js';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: ${actual} vs ${expected}`);

const box10: [number, number, number, number] = [0, 0, 10, 10];
/** IoU with box10 = 50 / 150 = 1/3: between t_b = 0.1 and t_f = 0.5. */
const shifted: [number, number, number, number] = [5, 0, 10, 10];

// One scene per error type. Classes: 0 and 1.
const scene: TestImage[] = [
  // A (class 0) found (0.9) and found again (0.8, IoU 0.9 with the matched A): a duplicate.
  {
    gt: [{ box: box10, cls: 0 }],
    dt: [
      { box: box10, cls: 0, score: 0.9 },
      { box: [0, 0, 10, 9], cls: 0, score: 0.8 },
    ],
  },
  // B (class 0) with a class-0 detection at IoU 1/3: localisation.
  { gt: [{ box: box10, cls: 0 }], dt: [{ box: shifted, cls: 0, score: 0.7 }] },
  // C (class 1) with a class-0 detection at IoU 1: classification.
  { gt: [{ box: box10, cls: 1 }], dt: [{ box: box10, cls: 0, score: 0.6 }] },
  // D (class 1) with a class-0 detection at IoU 1/3: both (wrong class, poor box); D is also missed.
  { gt: [{ box: box10, cls: 1 }], dt: [{ box: shifted, cls: 0, score: 0.5 }] },
  // E (class 0) and a class-1 detection far away: background; E is missed.
  { gt: [{ box: box10, cls: 0 }], dt: [{ box: [50, 50, 10, 10], cls: 1, score: 0.4 }] },
  // No ground truth at all: background.
  { gt: [], dt: [{ box: box10, cls: 0, score: 0.3 }] },
];

describe('tideErrors', () => {
  const r = tideErrors(testScenes(scene, 2));

  it('classifies each detection and ground truth as crafted', () => {
    assert.deepEqual(r.counts, { cls: 1, loc: 1, both: 1, dupe: 1, bkg: 2, miss: 2 });
    // Detection objects in file order: TP, dupe, loc, cls, both, bkg, bkg.
    assert.deepEqual(
      Array.from(r.dtError, (e) => (e < 0 ? '-' : TIDE_ERROR_TYPES[e])),
      ['-', 'dupe', 'loc', 'cls', 'both', 'bkg', 'bkg'],
    );
    // Ground truth A..E: B and C are claimed by the loc and cls errors, so only D and E are missed.
    assert.deepEqual(
      Array.from(r.gtError, (e) => (e < 0 ? '-' : TIDE_ERROR_TYPES[e])),
      ['-', '-', '-', 'miss', 'miss'],
    );
  });

  it('gives the dAP of each error type computed by hand', () => {
    // TIDE AP: 101 recall points 0, .01, ..., 1, precision made monotone.
    // Baseline. Class 0: 3 GT (A, B, E); detections by score TP .9, then 5 FPs: recall 1/3 at precision
    // 1 covers the 34 points 0..0.33, so AP0 = 34/101. Class 1: 2 GT, one FP: AP1 = 0. mAP = 17/101.
    close(r.ap, 17 / 101, 'ap');
    // cls fixed: the class-0 detection on C becomes a class-1 TP at .6, above the class-1 FP at .4:
    // AP1 = recall .5 at precision 1 = 51/101; AP0 unchanged. dAP = (34 + 51)/202 − 34/202 = 51/202.
    close(r.dap.cls, 51 / 202, 'cls');
    // loc fixed: class 0 becomes TP .9, FP .8, TP .7, FP...: precision 1 to recall 1/3 (34 points),
    // 2/3 to recall 2/3 (points .34..66, 33 of them): AP0 = (34 + 22)/101, dAP = 56/202 − 34/202 = 11/101.
    close(r.dap.loc, 11 / 101, 'loc');
    // miss fixed: E and D removed: class 0 has 2 GT, AP0 = 51/101 (recall .5); AP1 = 0 (1 GT, one FP).
    close(r.dap.miss, (51 - 34) / 202, 'miss');
    // Removing the duplicate, both and background FPs changes nothing: they rank below the only TP.
    close(r.dap.dupe, 0, 'dupe');
    close(r.dap.both, 0, 'both');
    close(r.dap.bkg, 0, 'bkg');
    // Special: FPs already rank below the TP (0); all unmatched GT removed: class 0 keeps A only
    // (AP0 = 1), class 1 keeps no GT but has an FP (AP1 = 0, still counted): 0.5 − 17/101.
    close(r.special.false_positive, 0, 'false_positive');
    close(r.special.false_negative, 0.5 - 17 / 101, 'false_negative');
  });

  it('fixes one error per ground truth: the highest-scoring one, and none when the GT was found', () => {
    // Two loc errors on G1 (scores .6, .5); G2 found by a TP (.9) plus a loc error on it (.8).
    const r2 = tideErrors(
      testScenes(
        [
          {
            gt: [
              { box: box10, cls: 0 },
              { box: [100, 0, 10, 10], cls: 0 },
            ],
            dt: [
              { box: shifted, cls: 0, score: 0.6 },
              { box: [-5, 0, 10, 10], cls: 0, score: 0.5 },
              { box: [100, 0, 10, 10], cls: 0, score: 0.9 },
              { box: [105, 0, 10, 10], cls: 0, score: 0.8 },
            ],
          },
        ],
        1,
      ),
    );
    assert.equal(r2.counts.loc, 3);
    assert.equal(r2.counts.miss, 0);
    // Baseline: TP .9, FP .8, FP .6, FP .5 with 2 GT: recall .5 at precision 1 -> 51/101.
    close(r2.ap, 51 / 101, 'ap');
    // loc fixed: .9 TP, (.8 removed: its GT is matched), .6 TP, (.5 removed): AP = 1.
    close(r2.ap + r2.dap.loc, 1, 'ap after loc fix');
  });

  it('leaves detections inside a crowd region of their class out of the AP, typed all the same', () => {
    const r3 = tideErrors(
      testScenes(
        [
          {
            gt: [
              { box: [0, 0, 100, 100], cls: 0, crowd: true },
              { box: [200, 0, 10, 10], cls: 0 },
            ],
            dt: [
              { box: [10, 10, 10, 10], cls: 0, score: 0.9 },
              { box: [10, 10, 10, 10], cls: 1, score: 0.8 },
              { box: [200, 0, 10, 10], cls: 0, score: 0.7 },
            ],
          },
        ],
        2,
      ),
    );
    // The class-0 detection in the crowd is ignored: out of the AP, but TIDE still types it (IoU 0
    // with the only real GT: background). The class-1 one is not ignored (crowd of another class) and
    // is background too. The real GT is found: AP0 = 1; class 1 has one FP and no GT: AP1 = 0,
    // counted. mAP = 0.5; removing background errors gives class 1 no data: mAP = 1.
    const bkg = TIDE_ERROR_TYPES.indexOf('bkg');
    assert.deepEqual(Array.from(r3.dtError), [bkg, bkg, -1]);
    close(r3.ap + r3.dap.bkg, 1, 'ap after bkg fix');
    close(r3.ap, 0.5, 'ap');
  });
});
