import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanFilter } from './clean-filter.js';

describe('cleanFilter', () => {
  it('drops empty lists, empty objects and empty text so {} means everything', () => {
    assert.deepEqual(
      cleanFilter({
        classes: [],
        sources: ['ground_truth'],
        metrics: {},
        attributes: {},
        path: '',
        score: [0.2, 0.9],
      }),
      { sources: ['ground_truth'], score: [0.2, 0.9] },
    );
    assert.deepEqual(cleanFilter({}), {});
  });
});
