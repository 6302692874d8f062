import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleUncertainty } from './text-uncertainty.js';

const close = (a: number | undefined, b: number) =>
  assert.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

describe('sampleUncertainty', () => {
  it('least confidence, margin and normalised entropy of probabilities; span scores; neither → undefined', () => {
    const u = sampleUncertainty([0.6, 0.3, 0.1], [])!;
    close(u.leastConfidence, 0.4);
    close(u.margin, 0.7);
    // −(0.6 ln 0.6 + 0.3 ln 0.3 + 0.1 ln 0.1) / ln 3
    close(u.entropy, -(0.6 * Math.log(0.6) + 0.3 * Math.log(0.3) + 0.1 * Math.log(0.1)) / Math.log(3));
    close(u.score, 0.7);
    const sure = sampleUncertainty([1, 0, 0], [])!;
    close(sure.score, 0);
    close(sure.entropy, 0);
    const spans = sampleUncertainty(undefined, [0.9, 0.35])!;
    close(spans.spanUncertainty, 0.65);
    close(spans.score, 0.65);
    assert.equal(sampleUncertainty(undefined, []), undefined);
  });
});
