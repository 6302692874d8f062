import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyLookup } from '../../formats/conformance.js';
import { textCsv } from '../../formats/text-csv/text-csv-format.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { type TextCheckAnnotation, type TextCheckSample, textChecks } from './text-checks.js';

describe('textChecks on banking77 (train + test)', () => {
  it('duplicates, leakage and conflicts as Python counts them', async () => {
    const samples: TextCheckSample[] = [];
    const annotations: TextCheckAnnotation[] = [];
    for (const split of ['train', 'test']) {
      const read = await textCsv.read({
        path: sharedFixture(`banking77/${split}.csv`),
        source: 'ground_truth',
        io: createNodeFormatIO(),
        lookup: emptyLookup,
      });
      for (const s of read.samples)
        samples.push({ id: samples.length + 1, key: s.key, text: s.text ?? '', split });
      for (const a of read.annotations) annotations.push({ ...a, id: annotations.length + 1 });
    }
    const only = new Set(['empty_text', 'duplicate_text', 'conflicting_labels', 'split_leakage']);
    const counts: Record<string, number> = {};
    for (const i of textChecks(samples, annotations, { only }).issues)
      counts[i.type] = (counts[i.type] ?? 0) + 1;
    // Python 3 on the same files (csv module; unicodedata.normalize('NFKC', t).lower(), runs of \s as one
    // space, stripped): no exact duplicate; 12 texts equal to an earlier one once normalised (4 within
    // train, 1 within test, the rest across); 14 samples in groups spanning train and test; no group
    // with two labels; no empty text.
    assert.deepEqual(counts, { duplicate_text: 12, split_leakage: 14 });
  });
});
