import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cuboidMatches } from './cuboid-matches.js';
import { type KittiObject, kittiObjectsFromFrames } from './kitti-objects.js';

/** A box in KITTI's camera frame: bottom centre (x, 1.65, z), size h 1.5 × w 1.8 × l 4, yaw 0. */
const car = (type: string, x: number, z: number, score = Number.NaN, l = 4): KittiObject => ({
  type,
  truncation: 0,
  occlusion: 0,
  alpha: 0,
  x1: 0,
  y1: 0,
  x2: 50,
  y2: 50,
  h: 1.5,
  w: 1.8,
  l,
  tx: x,
  ty: 1.65,
  tz: z,
  ry: 0,
  score,
});

describe('cuboidMatches', () => {
  it('matches by 3D IoU per class, highest score first, and names each false positive', () => {
    const gt = kittiObjectsFromFrames([
      [car('Car', 0, 10), car('Pedestrian', 20, 10), car('Car', 40, 10), car('Cyclist', 60, 10)],
      [car('Car', 0, 10)],
    ]);
    const dt = kittiObjectsFromFrames([
      [
        car('Car', 0.2, 10, 0.9), // IoU (3.8·1.8·1.5)/(2·4·1.8·1.5 − 3.8·1.8·1.5) = 3.8/4.2 ≈ 0.905: tp
        car('Car', 0.1, 10, 0.5), // the same car again, which is taken: dupe
        car('Car', 20, 10, 0.8), // on the pedestrian: cls
        car('Car', 42, 10, 0.7), // IoU 2/6 = 0.33 with the third car, below Car's 0.7: loc
        car('Car', 100, 10, 0.6), // nothing near: bkg
        car('Cyclist', 60.5, 10, 0.4), // IoU 3.5/4.5 ≈ 0.78 ≥ 0.5: tp
      ],
      [],
    ]);
    const m = cuboidMatches(gt, dt);
    assert.deepEqual(m.dtOutcome, ['tp', 'fp', 'fp', 'fp', 'fp', 'tp']);
    assert.deepEqual(m.dtError, [null, 'dupe', 'cls', 'loc', 'bkg', null]);
    assert.deepEqual([...m.dtMatch], [0, -1, -1, -1, -1, 3]);
    assert.ok(Math.abs(m.dtIou[0]! - 3.8 / 4.2) < 1e-9);
    assert.ok(Math.abs(m.dtIou[5]! - 3.5 / 4.5) < 1e-9);
    assert.deepEqual(m.gtOutcome, ['tp', 'fn', 'fn', 'tp', 'fn']);
    assert.deepEqual([...m.gtMatch], [0, -1, -1, 5, -1]);
  });

  it('a later detection with a better overlap does not take a car a higher score took', () => {
    const gt = kittiObjectsFromFrames([[car('Car', 0, 10)]]);
    const dt = kittiObjectsFromFrames([[car('Car', 0, 10, 0.3), car('Car', 0.3, 10, 0.9)]]);
    const m = cuboidMatches(gt, dt);
    assert.deepEqual(m.dtOutcome, ['fp', 'tp']);
    assert.deepEqual(m.dtError, ['dupe', null]);
  });

  it('classes KITTI does not name use the given IoU', () => {
    const gt = kittiObjectsFromFrames([[car('Truck', 0, 10)]]);
    // IoU 3/5 = 0.6 (1 m shift of a 4 m box).
    const dt = kittiObjectsFromFrames([[car('Truck', 1, 10, 0.9)]]);
    assert.deepEqual(cuboidMatches(gt, dt, { iou: 0.5 }).dtOutcome, ['tp']);
    assert.deepEqual(cuboidMatches(gt, dt, { iou: 0.65 }).dtOutcome, ['fp']);
  });
});
