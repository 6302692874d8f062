import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textSegments } from './text-segments.js';

describe('textSegments', () => {
  it('cuts at every boundary; overlapping spans share the middle piece; bad offsets are clamped or dropped', () => {
    const got = textSegments('Ann met Bob Lee', [
      { id: 1, start: 0, end: 3 },
      { id: 2, start: 8, end: 15 },
      { id: 3, start: 12, end: 40 },
      { id: 4, start: 5, end: 5 },
    ]);
    assert.deepEqual(
      got.map((s) => [s.text, s.spans]),
      [
        ['Ann', [1]],
        [' met ', []],
        ['Bob ', [2]],
        ['Lee', [2, 3]],
      ],
    );
    assert.deepEqual(textSegments('', []), []);
  });
});
