import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { extractCountsStrings } from './counts-strings.js';

const FIXTURES = sharedFixture('');

/** The extracted parse with each counts number put back as its string. */
function restored(
  value: unknown,
  strings: { text: string; start: Float64Array; end: Float64Array },
): unknown {
  if (Array.isArray(value)) return value.map((v) => restored(v, strings));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 'counts' && typeof v === 'number'
        ? JSON.parse(`"${strings.text.slice(strings.start[v], strings.end[v])}"`)
        : restored(v, strings),
    ]),
  );
}

describe('extractCountsStrings', () => {
  it('leaves the RLE strings of a real results file in its text, and the rest parses as before', () => {
    // coco-val2014-100 fake segm results: compressed RLE counts strings.
    const text = readFileSync(
      FIXTURES + 'coco-val2014-100/instances_val2014_fakesegm100_results.json',
      'utf8',
    );
    const x = extractCountsStrings(text)!;
    assert.ok(x.counts.count > 100 && x.json.length < text.length / 2);
    assert.deepEqual(restored(JSON.parse(x.json), x.counts), JSON.parse(text));
  });

  it('reads doubled backslashes, keeps strings with other escapes or characters, and everything when a counts is not a string or list', () => {
    const text =
      '[{"segmentation":{"size":[2,2],"counts":"a\\\\0"}},{"segmentation":{"size":[2,2],"counts":"0 1"}},' +
      '{"segmentation":{"size":[2,2],"counts":"a\\"b"}},{"segmentation":{"size":[2,2],"counts":"a\\nb"}},' +
      '{"segmentation":{"size":[2,2],"counts":"04"}},{"segmentation":{"size":[2,2],"counts":[0,4]}},{"v":"counts"}]';
    const x = extractCountsStrings(text)!;
    assert.equal(x.counts.count, 2);
    assert.deepEqual(restored(JSON.parse(x.json), x.counts), JSON.parse(text));
    assert.equal(extractCountsStrings('[{"counts":"04"},{"counts" : 5}]'), undefined);
    assert.equal(extractCountsStrings('[{"counts":[0, 4]}]'), undefined);
  });
});
