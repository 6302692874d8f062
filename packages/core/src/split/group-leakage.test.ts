import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupLeakage } from './group-leakage.js';

describe('group leakage', () => {
  it('finds groups whose rows are in more than one split, ignoring rows without a key or split', () => {
    const keys = ['p1', 'p1', 'p2', 'p2', 'p3', undefined, 'p3'];
    const splits = ['train', 'val', 'train', 'train', 'test', 'val', null];
    const leaks = groupLeakage(keys, splits);
    assert.deepEqual(
      leaks.map((l) => [l.group, Object.fromEntries(l.splits)]),
      [['p1', { train: [0], val: [1] }]],
    );
  });
});
