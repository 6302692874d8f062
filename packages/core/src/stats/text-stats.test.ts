import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyLookup } from '../formats/conformance.js';
import { textCsv } from '../formats/text-csv/text-csv-format.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { computeTextStats } from './text-stats.js';

describe('computeTextStats', () => {
  it('banking77 train: lengths in characters and tokens as Python computes them', async () => {
    const read = await textCsv.read({
      path: sharedFixture('banking77/train.csv'),
      source: 'ground_truth',
      io: createNodeFormatIO(),
      lookup: emptyLookup,
    });
    const s = computeTextStats(read.samples);
    // Python 3 (csv.DictReader, len(text), len(text.split()), statistics.mean/median) on the same file:
    // 10003 texts; characters mean 59.47375787263821, median 47, min 13, max 433; tokens mean
    // 11.949415175447365, median 10, max 79.
    assert.equal(s.samples, 10003);
    assert.ok(Math.abs(s.characters.summary.mean - 59.47375787263821) < 1e-9);
    assert.equal(s.characters.summary.median, 47);
    assert.equal(s.characters.summary.min, 13);
    assert.equal(s.characters.summary.max, 433);
    assert.ok(Math.abs(s.tokens.summary.mean - 11.949415175447365) < 1e-9);
    assert.equal(s.tokens.summary.median, 10);
    assert.equal(s.tokens.summary.max, 79);
    assert.equal(
      s.characters.histogram.counts.reduce((a, b) => a + b, 0),
      10003,
    );
    assert.deepEqual(s.languages, { unknown: 10003 });
  });

  it('code points, not UTF-16 units; empty texts count as 0 tokens', () => {
    const s = computeTextStats([{ text: '😀 ok', language: 'en' }, { text: '' }]);
    assert.equal(s.characters.summary.max, 4);
    assert.equal(s.tokens.summary.min, 0);
    assert.deepEqual(s.languages, { en: 1, unknown: 1 });
  });
});
