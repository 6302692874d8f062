import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogram, summarize, vecQuantileSorted } from './summarize.js';

describe('summarize', () => {
  it('gives numpy-style quantiles and the population std', () => {
    // numpy 2.4.6: np.percentile([1,2,3,4,10], [5,25,50,75,95]) -> [1.2, 2, 3, 4, 8.8]; np.std(...) -> 3.1622776601683795
    const s = summarize([4, 1, 10, 3, 2, Number.NaN]);
    assert.equal(s.count, 5);
    assert.equal(s.invalid, 1);
    assert.ok(Math.abs(s.p05 - 1.2) < 1e-12);
    assert.equal(s.p25, 2);
    assert.equal(s.median, 3);
    assert.equal(s.p75, 4);
    assert.ok(Math.abs(s.p95 - 8.8) < 1e-12);
    assert.ok(Math.abs(s.std - 3.1622776601683795) < 1e-12);
    assert.equal(s.mean, 4);
  });

  it('is all zeros on no values', () => {
    assert.deepEqual(summarize([]).count, 0);
    assert.ok(Number.isNaN(vecQuantileSorted([], 0.5)));
  });
});

describe('histogram', () => {
  it('puts the maximum in the last bin', () => {
    // numpy 2.4.6: np.histogram([0,1,2,3,4], bins=4) -> counts [1,1,1,2], edges [0,1,2,3,4]
    const h = histogram([0, 1, 2, 3, 4], { bins: 4 });
    assert.deepEqual(h.counts, [1, 1, 1, 2]);
    assert.deepEqual(h.edges, [0, 1, 2, 3, 4]);
  });

  it('spaces log bins by decade and drops values <= 0', () => {
    const h = histogram([1, 10, 100, 0, -5], { bins: 2, log: true });
    assert.deepEqual(h.counts, [1, 2]);
    assert.ok(Math.abs(h.edges[1]! - 10) < 1e-9);
  });
});
