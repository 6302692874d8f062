import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { assertMatchesDevkit, devkitCases, evaluateTexts, syntheticInputs } from './_devkit-reference-kit.js';
import { kittiResultsFor } from './_kitti-eval-test-kit.js';

/**
 * Real KITTI labels (../shared/fixtures/kitti-object-3, CC BY-NC-SA 3.0, read in place) followed by the
 * synthetic frames, with results generated from them; the devkit's outputs on exactly these texts are in
 * fixtures/kitti-eval-reference/devkit-reference.json (the hashes there pin the inputs).
 */
describe('KITTI evaluation equals the devkit on real labels + synthetic frames', () => {
  it('kitti-object-3+synthetic: every sample and AP within 1e-4', () => {
    const dir = sharedFixture('kitti-object-3/label_2');
    const real = readdirSync(dir)
      .sort()
      .map((f) => readFileSync(`${dir}/${f}`, 'utf8'));
    const gt = [...real, ...syntheticInputs().gt];
    const results = gt.map((t, i) => kittiResultsFor(t, 3000 + i));
    const ref = devkitCases().find((c) => c.name === 'kitti-object-3+synthetic');
    assert.ok(ref);
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    assert.deepEqual(gt.map(sha), ref.gt_sha256);
    assert.deepEqual(results.map(sha), ref.results_sha256);
    assert.ok(assertMatchesDevkit(evaluateTexts(gt, results), ref) < 1e-4);
  });
});
