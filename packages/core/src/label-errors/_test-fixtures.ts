/**
 * Test helper: the label-error fixture sets with their cleanlab reference outputs.
 * fixtures/label-errors/expected/<name>_cleanlab.json and
 * fixtures/synthetic-classification-digits/expected/cleanlab.json were written by cleanlab 2.9.0
 * (cleanlab/cleanlab @ 7506257, numpy 1.24.2, sklearn 1.2.1); see the READMEs beside them.
 */
import { readFile } from 'node:fs/promises';
import { loadLabelInputs } from '../node/load-label-inputs.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { normalizeProbRows, type ProbMatrix } from './prob-matrix.js';

const FIXTURES = sharedFixture('');

export interface CleanlabExpected {
  normalized: boolean;
  find_label_issues: Record<string, number[]>;
  find_label_issues_ranked: Record<string, number[]>;
  label_quality_scores: Record<string, number[]>;
  count: {
    confident_thresholds: number[];
    confident_joint: number[][];
    confident_joint_calibrated: number[][];
    num_label_issues: { off_diagonal: number; off_diagonal_calibrated: number };
  };
  dataset: {
    overall_label_health_score: number;
    rank_classes_by_label_quality: Record<string, number>[];
    find_overlapping_classes: Record<string, number>[];
  };
}

export interface LabelFixture {
  name: string;
  source: string;
  labels: Int32Array;
  probs: ProbMatrix;
  expected: CleanlabExpected;
}

export const FIXTURE_NAMES = ['mnist', 'cifar10', '20news', 'imdb', 'digits'] as const;

/** Loads one set; IMDB's probabilities are clipped and renormalised as its expected file was made. */
export async function loadLabelFixture(name: (typeof FIXTURE_NAMES)[number]): Promise<LabelFixture> {
  const digits = name === 'digits';
  const dir = digits ? `${FIXTURES}synthetic-classification-digits/` : `${FIXTURES}label-errors/`;
  const source = digits ? 'expected/cleanlab.json' : `expected/${name}_cleanlab.json`;
  const { labels, probs } = digits
    ? await loadLabelInputs(`${dir}labels.npy`, `${dir}pred_probs.npy`)
    : await loadLabelInputs(`${dir}${name}_test_set_original_labels.npy`, `${dir}${name}_test_set_pyx.npy`);
  const expected = JSON.parse(await readFile(`${dir}${source}`, 'utf8')) as CleanlabExpected;
  const where = digits ? 'synthetic-classification-digits' : 'label-errors';
  return {
    name,
    source: `fixtures/${where}/${source}`,
    labels,
    probs: expected.normalized ? normalizeProbRows(probs) : probs,
    expected,
  };
}
