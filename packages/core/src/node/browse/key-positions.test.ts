import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyPositions } from './key-positions.js';

describe('keyPositions', () => {
  it('lists the samples of each key in ascending order, keys without samples empty', () => {
    // sample 0: keys 2, 0; sample 1: none; sample 2: key 2; sample 3: keys 0, 1, 2
    const start = Uint32Array.from([0, 2, 2, 3, 6]);
    const keys = Uint16Array.from([2, 0, 2, 0, 1, 2]);
    const { start: byKey, positions } = keyPositions(start, keys, 4);
    const of = (key: number) => [...positions.subarray(byKey[key], byKey[key + 1])];
    assert.deepEqual(of(0), [0, 3]);
    assert.deepEqual(of(1), [3]);
    assert.deepEqual(of(2), [0, 2, 3]);
    assert.deepEqual(of(3), []);
    assert.equal(positions.length, keys.length);
  });
});
