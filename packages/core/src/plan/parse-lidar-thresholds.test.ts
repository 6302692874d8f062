import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePlan } from './parse-plan.js';

describe('plan: lidar thresholds', () => {
  it('a plan may hold only LiDAR thresholds; keys map to the check options', () => {
    const plan = parsePlan(
      'lidar:\n  sync_tolerance_ms: 20\n  min_points_in_box: 10\n  heading_jump_deg: 45\n',
      'plan.yaml',
    );
    assert.deepEqual(plan.lidar, { syncToleranceMs: 20, minPointsInBox: 10, headingJumpDeg: 45 });
    assert.deepEqual(plan.limits, []);
  });

  it('an unknown key or a value out of range names the file and key', () => {
    assert.throws(
      () => parsePlan('lidar:\n  sync_tolerance: 20\n', 'p.yaml'),
      /p\.yaml: lidar\.sync_tolerance is not a LiDAR threshold/,
    );
    assert.throws(
      () => parsePlan('lidar:\n  overlap_iou: 2\n', 'p.yaml'),
      /p\.yaml: lidar\.overlap_iou must be a number from 0 to 1/,
    );
  });
});
