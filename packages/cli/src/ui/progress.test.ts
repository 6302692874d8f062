import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressLine } from './progress.js';

describe('progressLine', () => {
  it('shows the bar, the count, the rate and the ETA', () => {
    // 250 of 1000 in 2 s: 125/s, 750 left → 6 s.
    const line = progressLine('scan', 250, 1000, 2000);
    assert.match(line, /^scan █{8}░{22} 250\/1,000 · 125\/s · ETA 6s$/);
  });
  it('says ? for the ETA before anything is done, and minutes past 60 s', () => {
    assert.match(progressLine('scan', 0, 10, 0), /ETA \?$/);
    assert.match(progressLine('scan', 1, 100, 1000), /ETA 1m39s$/);
  });
});
