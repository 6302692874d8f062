import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { dropJsonValues } from './drop-json-values.js';

const FIXTURES = sharedFixture('');

/** The parse of `text` with every `key` member set to null, built on the parsed objects. */
function nulled(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => nulled(v, key));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === key ? null : nulled(v, key)]));
}

describe('dropJsonValues', () => {
  it('parses a real COCO file as the full parse with its segmentations set to null', () => {
    // coco-val2014-100: polygons and crowd RLEs (counts lists).
    const text = readFileSync(FIXTURES + 'coco-val2014-100/instances_val2014_100.json', 'utf8');
    const dropped = dropJsonValues(text, 'segmentation');
    assert.ok(dropped.length < text.length / 2);
    assert.deepEqual(JSON.parse(dropped), nulled(JSON.parse(text), 'segmentation'));
  });

  it('keeps every kind of JSON value apart and the rest of the text as it is', () => {
    const text =
      '{"a": [{"segmentation" : 1, "segmentation":{"counts":"a\\"b\\\\c\\u00e9[]","size":[2,3]},"x":"\\"segmentation\\":5"},' +
      ' {"segmentation": [[1.5e-3, -0, 2E+2], []], "y": true}, {"segmentation":"s"}, {"segmentation":false}]}';
    assert.deepEqual(
      JSON.parse(dropJsonValues(text, 'segmentation')),
      nulled(JSON.parse(text), 'segmentation'),
    );
  });

  it('returns the text unchanged when a dropped value is not valid JSON', () => {
    for (const bad of ['[1,,2]', '[01]', '[1.]', '{"a" 1}', '"\\x"', '[1, 2', 'nul', '[-]', '[1e]']) {
      const text = `{"segmentation": ${bad}, "b": 1}`;
      assert.equal(dropJsonValues(text, 'segmentation'), text, bad);
    }
  });
});
