import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pointsDecode, pointsEncode } from './points-codec.js';

describe('points codec', () => {
  it('round-trips several rings exactly, including values with no short decimal form', () => {
    const rings = [[0.1, 0.2, 1e-300, 12345.678901234567, 3, 4], [], [-1.5, 2.25]];
    assert.deepEqual(pointsDecode(pointsEncode(rings)), rings);
  });
  it('encodes ring count and lengths up front: 2 rings of 4 and 2 numbers → 1 + 2 + 6 float64s', () => {
    assert.equal(
      pointsEncode([
        [1, 2, 3, 4],
        [5, 6],
      ]).byteLength,
      9 * 8,
    );
  });
  it('decodes from an unaligned view', () => {
    const bytes = pointsEncode([[7, 8, 9, 10]]);
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    assert.deepEqual(pointsDecode(shifted.subarray(3)), [[7, 8, 9, 10]]);
  });
});
