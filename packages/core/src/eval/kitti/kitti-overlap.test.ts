import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateKitti } from './evaluate-kitti.js';
import { kittiThresholds } from './kitti-eval-class.js';
import { type KittiObject, kittiObjectsFromFrames } from './kitti-objects.js';
import { bevShapes, box3dOverlap, boxBevOverlap, boxImageOverlap } from './kitti-overlap.js';

const car = (o: Partial<KittiObject>): KittiObject => ({
  type: 'Car',
  truncation: 0,
  occlusion: 0,
  alpha: 0,
  x1: 100,
  y1: 100,
  x2: 200,
  y2: 160,
  h: 2,
  w: 2,
  l: 2,
  tx: 0,
  ty: 1.5,
  tz: 20,
  ry: 0,
  score: Number.NaN,
  ...o,
});

describe('KITTI overlaps', () => {
  it('identical boxes overlap 1 in the image, in BEV and in 3D', () => {
    const a = kittiObjectsFromFrames([[car({ ry: 0.7 }), car({ ry: 0.7 })]]);
    const s = bevShapes(a);
    assert.equal(boxImageOverlap(a, 0, a, 1, -1), 1);
    assert.ok(Math.abs(boxBevOverlap(s, 0, s, 1, -1) - 1) < 1e-12);
    assert.ok(Math.abs(box3dOverlap(a, s, 0, a, s, 1, -1) - 1) < 1e-12);
  });

  it('a square turned 45° over itself: the octagon, 2(√2 - 1) s² (s = 2)', () => {
    const a = kittiObjectsFromFrames([[car({}), car({ ry: Math.PI / 4 })]]);
    const s = bevShapes(a);
    const inter = 2 * (Math.SQRT2 - 1) * 4;
    assert.ok(Math.abs(boxBevOverlap(s, 0, s, 1, -1) - inter / (8 - inter)) < 1e-12);
    assert.ok(Math.abs(boxBevOverlap(s, 0, s, 1, 0) - inter / 4) < 1e-12);
  });

  it('3D: the same footprint, heights overlapping by half: 1/3; disjoint footprints: 0', () => {
    const a = kittiObjectsFromFrames([[car({}), car({ ty: 0.5 }), car({ tx: 5 })]]);
    const s = bevShapes(a);
    assert.ok(Math.abs(box3dOverlap(a, s, 0, a, s, 1, -1) - 1 / 3) < 1e-12);
    assert.equal(box3dOverlap(a, s, 0, a, s, 2, -1), 0);
  });
});

describe('KITTI recall thresholds and ignored detections', () => {
  it('keeps one score per reached recall step: 41 for 200 matches of 200', () => {
    const scores = Array.from({ length: 200 }, (_, i) => 1 - i / 1000);
    const t = kittiThresholds(scores, 200);
    assert.equal(t.length, 41);
    assert.equal(t[0], 1);
    assert.equal(t[40], scores[199]);
    assert.deepEqual(Array.from(kittiThresholds([0.9, 0.8, 0.7, 0.6], 4)), [0.9, 0.8, 0.7, 0.6]);
  });

  it('a detection 24.9 px high is ignored at moderate (the devkit truncates it to 24), 25.0 px is not', () => {
    const gt = kittiObjectsFromFrames([[car({ y1: 100, y2: 130 })]]);
    const moderate = (height: number) => {
      const dt = kittiObjectsFromFrames([[car({ y1: 100, y2: 100 + height, score: 0.9 })]]);
      const result = evaluateKitti(gt, dt).classes[0]?.metrics.bev;
      assert.ok(result);
      return result.curves[1].precision[0];
    };
    // 25.0 px: a TP, precision 1 at the first sample (the devkit stores threshold i at sample i);
    // 24.9 px: an ignored detection takes the object, which then counts neither way: no threshold, 0.
    assert.equal(moderate(25), 1);
    assert.equal(moderate(24.9), 0);
  });
});
