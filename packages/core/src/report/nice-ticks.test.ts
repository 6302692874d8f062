import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logTicks, niceTicks } from './nice-ticks.js';

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    // 0..87 in ~5 steps: raw step 17.4 → the next nice step is 20, so 0, 20, ..., 100.
    assert.deepEqual(niceTicks(0, 87, 5), { ticks: [0, 20, 40, 60, 80, 100], lo: 0, hi: 100 });
  });
  it('handles fractions and a flat range', () => {
    assert.deepEqual(niceTicks(0, 1, 4).ticks, [0, 0.25, 0.5, 0.75, 1]);
    const flat = niceTicks(0, 0);
    assert.ok(flat.hi > flat.lo);
  });
  it('gives decades on a log axis', () => {
    assert.deepEqual(logTicks(0.3, 40).ticks, [0.1, 1, 10, 100]);
    assert.deepEqual(logTicks(0.5, 2).ticks, [0.1, 0.2, 0.5, 1, 2, 5, 10]);
  });
});
