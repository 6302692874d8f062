import assert from 'node:assert/strict';
import { it } from 'node:test';
import { mulberry32 } from '../random/mulberry32.js';
import { histogram, summarize } from './summarize.js';
import { histogramFrequencies, summarizeFrequencies } from './summarize-frequencies.js';

// The frequency form must equal the list form exactly (same float operations), since `assay stats` now
// gets objects per image as a GROUP BY and its output must not change.
it('equals summarize and histogram over the expanded list, bit for bit', () => {
  const random = mulberry32(7);
  for (const n of [1, 2, 5, 97, 10_000]) {
    const list: number[] = [];
    for (let i = 0; i < n; i++) list.push(Math.floor(random() * random() * 40));
    const freq = new Map<number, number>();
    for (const v of list) freq.set(v, (freq.get(v) ?? 0) + 1);
    const values = [...freq.keys()].sort((a, b) => a - b);
    const counts = values.map((v) => freq.get(v)!);
    assert.deepEqual(summarizeFrequencies(values, counts), summarize(list), `n=${n}`);
    assert.deepEqual(histogramFrequencies(values, counts, { bins: 20 }), histogram(list, { bins: 20 }));
  }
  assert.deepEqual(summarizeFrequencies([], [], 3), summarize([Number.NaN, Number.NaN, Number.NaN]));
});
