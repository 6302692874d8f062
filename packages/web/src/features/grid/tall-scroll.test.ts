import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realTop, tallScroll } from './tall-scroll.js';

describe('tall scroll (a million rows under the browser height cap)', () => {
  it('leaves small grids alone', () => {
    assert.deepEqual(tallScroll(50_000, 800), { height: 50_000, ratio: 1 });
    assert.equal(realTop(1234, 999, 1), 1234);
  });

  it('maps the full real range onto the full virtual range, rows placed at the viewport', () => {
    // 1,000,000 samples at 6 per row, 206 px rows: 34.3M px, past Chrome's cap.
    const virtual = Math.ceil(1_000_000 / 6) * 206;
    const { height, ratio } = tallScroll(virtual, 900, 8_000_000);
    assert.equal(height, 8_000_000);
    // The last real scroll position shows the last virtual rows.
    const realEnd = height - 900;
    assert.ok(Math.abs(realEnd * ratio - (virtual - 900)) < 1e-6);
    // The row at the top of the view sits at the real scroll position; the next row 206 px lower.
    const offset = 500_000 * ratio;
    assert.ok(Math.abs(realTop(offset, offset, ratio) - 500_000) < 1e-6);
    assert.ok(Math.abs(realTop(offset + 206, offset, ratio) - 500_206) < 1e-6);
  });
});
