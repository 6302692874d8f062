import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textRegionsFromMap } from './text-regions.js';

describe('textRegionsFromMap', () => {
  it('groups pixels over 0.3, keeps regions whose mean reaches 0.6, grows each by area × 1.5 / perimeter', () => {
    const [w, h] = [40, 20];
    const map = new Float32Array(w * h);
    // A 10 × 4 block at (5, 8) of probability 0.9: mean 0.9, kept. d = 40 × 1.5 / 28 = 2.142857.
    for (let y = 8; y < 12; y++) for (let x = 5; x < 15; x++) map[y * w + x] = 0.9;
    // A 4 × 4 block at (30, 2) of 0.4: over the pixel threshold, mean 0.4 < 0.6: dropped.
    for (let y = 2; y < 6; y++) for (let x = 30; x < 34; x++) map[y * w + x] = 0.4;
    // Two pixels of 0.95: too small (under 3 px a side).
    map[18 * w + 38] = 0.95;
    map[18 * w + 39] = 0.95;
    const found = textRegionsFromMap(map, w, h);
    assert.equal(found.length, 1);
    const d = (10 * 4 * 1.5) / 28;
    const [x, y, bw, bh] = found[0]!.box;
    for (const [got, want] of [
      [x, 5 - d],
      [y, 8 - d],
      [bw, 10 + 2 * d],
      [bh, 4 + 2 * d],
    ] as const)
      assert.ok(Math.abs(got - want) < 1e-9, `${got} vs ${want}`);
    assert.ok(Math.abs(found[0]!.score - 0.9) < 1e-6);
  });
});
