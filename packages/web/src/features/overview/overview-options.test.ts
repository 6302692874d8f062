import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classDistributionOption,
  confusionOption,
  histogramOption,
  issuesOption,
} from './overview-options.js';

interface Series {
  name?: string;
  data: unknown[];
}
const series = (o: unknown) => (o as { series: Series[] }).series;

describe('overview chart options', () => {
  it('stacks class counts per split in the class map order, summing rows of one cell', () => {
    const rows = [
      { class: 'dog', split: 'train', source: 'ground_truth', count: 5 },
      { class: 'cat', split: 'train', source: 'ground_truth', count: 2 },
      { class: 'cat', split: 'val', source: 'ground_truth', count: 1 },
      { class: 'cat', split: 'val', source: 'prediction:m', count: 4 },
    ];
    const option = classDistributionOption(rows, 'split', ['cat', 'dog', 'bird']);
    assert.deepEqual(
      series(option).map((s) => [s.name, s.data]),
      [
        ['train', [2, 5, 0]],
        ['val', [5, 0, 0]],
      ],
    );
  });

  it('one bar per histogram bin; issues stacked by severity per type; confusion cells as [col, row, n]', () => {
    assert.deepEqual(series(histogramOption([0, 1, 2, 3], [4, 0, 2], 'px'))[0]?.data, [4, 0, 2]);
    const issues = issuesOption([
      { type: 'blurry', severity: 'warning', count: 3 },
      { type: 'corrupt_file', severity: 'error', count: 1 },
    ]);
    assert.deepEqual(
      series(issues).map((s) => [s.name, s.data]),
      [
        ['error', [0, 1]],
        ['warning', [3, 0]],
      ],
    );
    const confusion = confusionOption(
      ['a', 'background'],
      [
        [3, 1],
        [2, 0],
      ],
    );
    assert.deepEqual(series(confusion)[0]?.data, [
      [0, 0, 3],
      [1, 0, 1],
      [0, 1, 2],
      [1, 1, 0],
    ]);
  });
});
