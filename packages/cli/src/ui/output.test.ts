import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measure } from './output.js';

describe('measure', () => {
  it('writes values with thousands separators whether or not they are whole (issue 10: units and names)', () => {
    // `assay stats` printed a median box area of 10019.5 as "10020" beside whole areas such as "10,020"
    assert.equal(measure(10019.5, 0), '10,020');
    assert.equal(measure(10020, 0), '10,020');
    assert.equal(measure(1234567.891, 2), '1,234,567.89');
    assert.equal(measure(0.25, 2), '0.25');
    assert.equal(measure(1.5), '1.5');
    assert.equal(measure(-2048.75, 1), '-2,048.8');
  });
});
