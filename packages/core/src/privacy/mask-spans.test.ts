import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPii } from './find-pii.js';
import { maskedOffset, maskSpans } from './mask-spans.js';
import { maskAllPii } from './privacy-issues.js';

describe('maskSpans / maskedOffset', () => {
  const text = 'mail jane.doe@example.com or call 010-2345-6789, Ann';
  const found = findPii(text);

  it('replaces each finding by its masked form, as maskAllPii does', () => {
    assert.deepEqual(
      found.map((f) => f.kind),
      ['email', 'phone'],
    );
    assert.equal(maskSpans(text, found), 'mail j***@***.com or call ***-****-**89, Ann');
    assert.equal(maskAllPii(text), maskSpans(text, found));
  });

  it('moves offsets onto the masked text (the e-mail is 8 characters shorter); inside a piece, to its edge', () => {
    const masked = maskSpans(text, found);
    const ann = text.indexOf('Ann');
    const at = maskedOffset(found, text.length, ann, 'start');
    assert.equal(masked.slice(at, maskedOffset(found, text.length, ann + 3, 'end')), 'Ann');
    assert.equal(maskedOffset(found, text.length, 2, 'start'), 2);
    assert.equal(maskedOffset(found, text.length, 10, 'start'), 5);
    assert.equal(maskedOffset(found, text.length, 10, 'end'), 5 + 'j***@***.com'.length);
  });

  it('skips spans out of range or overlapping an earlier one; a span cut by the end masks what is there', () => {
    assert.equal(maskSpans('abcdef', [{ start: 10, end: 12, masked: 'X' }]), 'abcdef');
    assert.equal(
      maskSpans('abcdef', [
        { start: 1, end: 3, masked: '**' },
        { start: 2, end: 4, masked: '##' },
      ]),
      'a**def',
    );
    assert.equal(maskSpans('abc', [{ start: 1, end: 5, masked: '****' }]), 'a****');
  });
});
