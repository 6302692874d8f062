import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertMatchesDevkit, devkitCases, evaluateTexts, syntheticInputs } from './_devkit-reference-kit.js';
import { kittiResultsFor, syntheticKittiLabels } from './_kitti-eval-test-kit.js';

/**
 * Against the KITTI object devkit (cpp/evaluate_object.cpp, 41 recall samples, compiled with g++ 12.2
 * and Boost 1.74): fixtures/kitti-eval-reference/devkit-reference.json, recorded by
 * scripts/kitti-devkit-reference.ts on the inputs in synthetic-inputs.json (see that folder's README).
 */
describe('KITTI evaluation equals the devkit on recorded synthetic inputs', () => {
  const inputs = syntheticInputs();
  for (const ref of devkitCases().filter((c) => c.gt === 'synthetic')) {
    it(`${ref.name}: every precision/AOS sample and AP R40/R11 within 1e-4`, () => {
      const results = inputs.results[ref.results];
      assert.ok(results, `no results "${ref.results}" in synthetic-inputs.json`);
      const worst = assertMatchesDevkit(evaluateTexts(inputs.gt, results), ref);
      assert.ok(worst < 1e-4);
    });
  }

  it('the generator still writes the recorded inputs (so the shared-fixture case is reproducible)', () => {
    assert.deepEqual(syntheticKittiLabels(80, 1), inputs.gt);
    assert.deepEqual(
      inputs.gt.map((t, i) => kittiResultsFor(t, 1000 + i)),
      inputs.results.default,
    );
  });
});
