import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_NAMES, loadLabelFixture } from './_test-fixtures.js';
import { FILTER_METHODS, findLabelIssues } from './find-label-issues.js';
import { LABEL_QUALITY_METHODS } from './label-quality-scores.js';

// Expected lists: cleanlab 2.9.0 `find_label_issues(labels, pred_probs, filter_by=M)` (boolean mask as
// indices) and `find_label_issues(..., return_indices_ranked_by=S)` on each set, from
// fixtures/label-errors/expected/{mnist,cifar10,20news,imdb}_cleanlab.json and
// fixtures/synthetic-classification-digits/expected/cleanlab.json (keys find_label_issues.*,
// find_label_issues_ranked.*). Identical lists, order included: the tie order of NumPy 1.24's argsort
// matters on 20news (a stable sort flags other examples for prune_by_class, both, low_self_confidence
// and reorders the self_confidence ranking).
for (const name of FIXTURE_NAMES) {
  describe(`findLabelIssues on ${name}`, async () => {
    const fx = await loadLabelFixture(name);
    for (const method of FILTER_METHODS) {
      it(`filter_by=${method} flags what cleanlab flags (${fx.source})`, () => {
        const got = Array.from(findLabelIssues(fx.labels, fx.probs, { filterBy: method }));
        assert.deepEqual(got, fx.expected.find_label_issues[method]);
      });
    }
    it(`default filter is prune_by_noise_rate (${fx.source}: find_label_issues.default)`, () => {
      assert.deepEqual(
        Array.from(findLabelIssues(fx.labels, fx.probs)),
        fx.expected.find_label_issues.default,
      );
    });
    for (const score of LABEL_QUALITY_METHODS) {
      it(`ranked by ${score} in cleanlab's order (${fx.source})`, () => {
        const got = Array.from(findLabelIssues(fx.labels, fx.probs, { rankBy: score }));
        assert.deepEqual(got, fx.expected.find_label_issues_ranked[score]);
      });
    }
  });
}

describe('findLabelIssues options', async () => {
  const fx = await loadLabelFixture('digits');
  it('fracNoise scales the flagged count down', () => {
    const all = findLabelIssues(fx.labels, fx.probs).length;
    const half = findLabelIssues(fx.labels, fx.probs, { fracNoise: 0.5 }).length;
    assert.ok(half < all && half > 0, `${half} vs ${all}`);
  });
  it('numToRemovePerClass with prune_by_class flags at most that many per given class', () => {
    // cleanlab documents the parameter for prune_by_class: the kept count becomes n_k − r, so r examples
    // of class k are flagged, minus those whose given label is the top prediction.
    const remove = Array.from({ length: 10 }, () => 3);
    const got = findLabelIssues(fx.labels, fx.probs, {
      filterBy: 'prune_by_class',
      numToRemovePerClass: remove,
    });
    const perClass = new Array(10).fill(0);
    for (const i of got) perClass[fx.labels[i] as number]++;
    assert.ok(perClass.every((c) => c <= 3) && perClass.some((c) => c === 3), perClass.join(','));
  });
  it('refuses fracNoise with a method it does not apply to', () => {
    assert.throws(
      () => findLabelIssues(fx.labels, fx.probs, { filterBy: 'confident_learning', fracNoise: 0.5 }),
      /do not apply to filter confident_learning/,
    );
  });
});
