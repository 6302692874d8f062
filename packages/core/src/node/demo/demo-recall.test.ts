import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlannedProblem } from './demo-plan.js';
import { demoRecall, issueFinds } from './demo-recall.js';

const pair: PlannedProblem = { kind: 'exact_duplicate', samples: ['a.jpg', 'b.jpg'], detail: '' };
const dupLabel: PlannedProblem = {
  kind: 'duplicate_label',
  samples: ['c.jpg'],
  annotation: { ids: [7, 8] },
  detail: '',
};

describe('demoRecall', () => {
  it('needs both samples of a pair and the planted annotation', () => {
    assert.equal(
      issueFinds({ type: 'exact_duplicate', sample: 'b.jpg', related: ['a.jpg'], annotations: [] }, pair),
      true,
    );
    assert.equal(
      issueFinds({ type: 'exact_duplicate', sample: 'b.jpg', related: ['x.jpg'], annotations: [] }, pair),
      false,
    );
    assert.equal(
      issueFinds({ type: 'duplicate_label', sample: 'c.jpg', related: [], annotations: [8] }, dupLabel),
      true,
    );
    assert.equal(
      issueFinds({ type: 'duplicate_label', sample: 'c.jpg', related: [], annotations: [9] }, dupLabel),
      false,
    );
  });

  it('counts found, planted, other issues and kinds no check covers', () => {
    const rows = demoRecall(
      [pair, dupLabel, { kind: 'missing_boxes', samples: ['d.jpg'], detail: '' }],
      [
        { type: 'exact_duplicate', sample: 'b.jpg', related: ['a.jpg'], annotations: [] },
        { type: 'exact_duplicate', sample: 'y.jpg', related: ['z.jpg'], annotations: [] },
      ],
    );
    assert.deepEqual(rows, [
      { kind: 'exact_duplicate', types: ['exact_duplicate'], planted: 1, found: 1, recall: 1, other: 1 },
      { kind: 'duplicate_label', types: ['duplicate_label'], planted: 1, found: 0, recall: 0, other: 0 },
      { kind: 'missing_boxes', types: [], planted: 1, found: 0, recall: null, other: 0 },
    ]);
  });
});
