import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlannedProblem } from './demo-plan.js';
import { demoRecall, issueExplained, issueFinds, unplannedIssues } from './demo-recall.js';

const pair: PlannedProblem = { kind: 'exact_duplicate', samples: ['a.jpg', 'b.jpg'], detail: '' };
const dupLabel: PlannedProblem = {
  kind: 'duplicate_label',
  samples: ['c.jpg'],
  annotation: { ids: [7, 8] },
  detail: '',
};
const missingBox: PlannedProblem = {
  kind: 'missing_boxes',
  samples: ['d.jpg'],
  annotation: { category: 'star', bbox: [10, 10, 20, 20] },
  detail: '',
};
const leak: PlannedProblem = { kind: 'split_leakage', samples: ['e.jpg', 'f.jpg'], detail: '' };
const dark: PlannedProblem = { kind: 'dark', samples: ['g.jpg'], detail: '' };

describe('demoRecall', () => {
  it('needs both samples of a pair, the planted annotation, and the planted box when only a box is known', () => {
    const at = (type: string, sample: string, related: string[] = [], annotations: number[] = []) => ({
      type,
      sample,
      related,
      annotations,
    });
    assert.equal(issueFinds(at('exact_duplicate', 'b.jpg', ['a.jpg']), pair), true);
    assert.equal(issueFinds(at('exact_duplicate', 'b.jpg', ['x.jpg']), pair), false);
    assert.equal(issueFinds(at('duplicate_label', 'c.jpg', [], [8]), dupLabel), true);
    assert.equal(issueFinds(at('duplicate_label', 'c.jpg', [], [9]), dupLabel), false);
    // IoU of [12, 11, 20, 20] with [10, 10, 20, 20]: 342 / 458 = 0.75; of [25, 25, 20, 20]: 25 / 775.
    assert.equal(
      issueFinds({ ...at('missing_label', 'd.jpg'), boxes: [[12, 11, 20, 20]] }, missingBox),
      true,
    );
    assert.equal(
      issueFinds({ ...at('missing_label', 'd.jpg'), boxes: [[25, 25, 20, 20]] }, missingBox),
      false,
    );
  });

  it('counts an issue as explained only by a planted kind that causes its type', () => {
    const planted = [pair, leak, dark];
    const issue = (type: string, sample: string, related: string[] = []) => ({
      type,
      sample,
      related,
      annotations: [],
    });
    // A byte-identical leakage copy is an exact duplicate too; a darkened image has few grey levels.
    assert.equal(issueExplained(issue('exact_duplicate', 'f.jpg', ['e.jpg']), planted), true);
    assert.equal(issueExplained(issue('low_information', 'g.jpg'), planted), true);
    // But a dark image is no explanation for a duplicate or blur, nor a duplicate for darkness.
    assert.equal(issueExplained(issue('blurry', 'g.jpg'), planted), false);
    assert.equal(issueExplained(issue('near_duplicate', 'g.jpg', ['a.jpg']), planted), false);
    assert.equal(issueExplained(issue('dark', 'a.jpg'), planted), false);
  });

  it('counts found, planted, precision and other issues per kind', () => {
    const rows = demoRecall(
      [pair, dupLabel, missingBox, leak],
      [
        { type: 'exact_duplicate', sample: 'b.jpg', related: ['a.jpg'], annotations: [] },
        { type: 'exact_duplicate', sample: 'f.jpg', related: ['e.jpg'], annotations: [] },
        { type: 'exact_duplicate', sample: 'y.jpg', related: ['z.jpg'], annotations: [] },
        { type: 'missing_label', sample: 'd.jpg', related: [], annotations: [], boxes: [[10, 10, 20, 20]] },
      ],
    );
    assert.deepEqual(
      rows.map((r) => [r.kind, r.planted, r.found, r.recall, r.issues, r.explained, r.precision, r.other]),
      [
        ['exact_duplicate', 1, 1, 1, 3, 2, 2 / 3, 1],
        ['duplicate_label', 1, 0, 0, 0, 0, null, 0],
        ['missing_boxes', 1, 1, 1, 1, 1, 1, 0],
        ['split_leakage', 1, 0, 0, 0, 0, null, 0],
      ],
    );
  });

  it('lists the unexplained issues of every type with their highest score', () => {
    const got = unplannedIssues(
      [pair],
      [
        { type: 'spurious_label', sample: 'a.jpg', related: [], annotations: [1], score: 0.2 },
        { type: 'spurious_label', sample: 'b.jpg', related: [], annotations: [2], score: 0.15 },
        { type: 'exact_duplicate', sample: 'b.jpg', related: ['a.jpg'], annotations: [], score: 1 },
      ],
    );
    assert.deepEqual(got, { spurious_label: { issues: 2, max_score: 0.2 } });
  });
});
