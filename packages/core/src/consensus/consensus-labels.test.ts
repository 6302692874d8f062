import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { readNpy } from '../node/arrays/read-npz.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { consensusLabels } from './consensus-labels.js';
import type { LabelMatrix, ProbMatrix } from './label-matrix.js';
import { majorityVote } from './majority-vote.js';

const DIR = sharedFixture('synthetic-classification-digits/');

interface LabelQuality {
  consensus_label: number[];
  consensus_quality_score: number[];
  annotator_agreement: number[];
  num_annotations: number[];
}
interface Expected {
  majority_vote_label: number[];
  crowdlab: {
    label_quality: LabelQuality;
    detailed_label_quality: Record<string, (number | null)[]>;
    annotator_stats: {
      annotator: string;
      annotator_quality: number;
      agreement_with_consensus: number;
      worst_class: number;
      num_examples_labeled: number;
    }[];
    model_weight: number;
    annotator_weight: number[];
  };
  majority_vote_consensus: { label_quality: LabelQuality };
  agreement_quality: { label_quality: LabelQuality };
}

// cleanlab 2.9.0 on fixtures/synthetic-classification-digits (1797 examples, 5 annotators, 10 classes):
// expected/multiannotator.json — `crowdlab` = get_label_quality_multiannotator(labels, pred_probs,
// return_weights=True) with its defaults; `majority_vote_consensus` = the same with
// consensus_method="majority_vote"; `agreement_quality` = quality_method="agreement".
const expected = JSON.parse(await readFile(`${DIR}expected/multiannotator.json`, 'utf8')) as Expected;
const rawLabels = await readNpy(`${DIR}labels_multiannotator.npy`);
const rawProbs = await readNpy(`${DIR}pred_probs.npy`);
const labels: LabelMatrix = {
  data: Float64Array.from(rawLabels.data as Float64Array),
  rows: rawLabels.shape[0]!,
  cols: rawLabels.shape[1]!,
};
const probs: ProbMatrix = {
  data: Float64Array.from(rawProbs.data as Float64Array),
  rows: rawProbs.shape[0]!,
  cols: rawProbs.shape[1]!,
};
const K = 10;
const TOL = 1e-9;

function assertClose(actual: ArrayLike<number>, want: (number | null)[], what: string): void {
  assert.equal(actual.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const a = actual[i]!;
    if (w === null || w === undefined) assert.ok(Number.isNaN(a), `${what}[${i}]: ${a}, expected NaN`);
    else assert.ok(Math.abs(a - w) <= TOL, `${what}[${i}]: ${a} != ${w}`);
  }
}

describe('majorityVote', () => {
  it('equals cleanlab get_majority_vote_label (pred_probs tie-break) on the digits annotators', () => {
    const vote = majorityVote(labels, { numClasses: K, probs });
    assert.deepEqual([...vote.labels], expected.majority_vote_label);
    assert.ok(vote.tieBreaks.includes('model'), 'the fixture has ties the model settles');
  });

  it('breaks ties deterministically without a model: rarer class, then annotator agreement, then lowest class', () => {
    // Crafted: class 1 is given 3 times overall, class 0 twice; row 0 ties 0 vs 1 -> 0 (rarer class).
    const crafted: LabelMatrix = { data: Float64Array.from([0, 1, 0, 1, 1, 1]), rows: 3, cols: 2 };
    const vote = majorityVote(crafted, { numClasses: 2 });
    assert.deepEqual([...vote.labels], [0, 0, 1]);
    assert.deepEqual(vote.tieBreaks, ['rarer_class', 'rarer_class', 'none']);
    // Classes 0 and 1 given 4 times each; annotator 0 agrees with both untied rows, annotator 1 with none,
    // so row 0 (annotator 0 says 0, annotator 1 says 1) goes to 0.
    const quality: LabelMatrix = { data: Float64Array.from([0, 1, NaN, 0, 1, 0, 1, 0, 1]), rows: 3, cols: 3 };
    const q = majorityVote(quality, { numClasses: 2 });
    assert.deepEqual([...q.labels], [0, 0, 1]);
    assert.equal(q.tieBreaks[0], 'annotator_agreement');
    // A perfectly symmetric tie falls to the lowest class index (cleanlab would pick at random).
    const sym = majorityVote({ data: Float64Array.from([0, 1, 1, 0]), rows: 2, cols: 2 }, { numClasses: 2 });
    assert.deepEqual(sym.tieBreaks, ['lowest_class', 'lowest_class']);
    assert.deepEqual([...sym.labels], [0, 0]);
  });
});

describe('consensusLabels (CROWDLAB)', () => {
  const result = consensusLabels(labels, { numClasses: K, probs });
  const want = expected.crowdlab;

  it('consensus labels, quality scores, agreement and counts equal cleanlab within 1e-9', () => {
    assert.equal(result.method, 'best_quality');
    assert.equal(result.quality, 'crowdlab');
    assert.deepEqual([...result.labels], want.label_quality.consensus_label);
    assert.deepEqual([...result.numAnnotations], want.label_quality.num_annotations);
    assertClose(result.qualityScores, want.label_quality.consensus_quality_score, 'consensus_quality_score');
    assertClose(result.agreement, want.label_quality.annotator_agreement, 'annotator_agreement');
  });

  it('model and annotator weights equal cleanlab within 1e-9', () => {
    assert.ok(Math.abs(result.modelWeight! - want.model_weight) <= TOL);
    assertClose(result.annotatorWeights!, want.annotator_weight, 'annotator_weight');
  });

  it('per-label quality (detailed_label_quality) equals cleanlab within 1e-9', () => {
    for (let a = 0; a < labels.cols; a++) {
      const column = Float64Array.from(
        { length: labels.rows },
        (_, r) => result.labelQuality[r * labels.cols + a]!,
      );
      assertClose(column, want.detailed_label_quality[`quality_annotator_${a}`]!, `quality_annotator_${a}`);
    }
  });

  it('annotator quality, agreement, worst class and counts equal cleanlab annotator_stats', () => {
    for (const w of want.annotator_stats) {
      const got = result.annotators[Number(w.annotator)]!;
      assert.ok(Math.abs(got.quality - w.annotator_quality) <= TOL, `annotator ${w.annotator} quality`);
      assert.ok(Math.abs(got.agreementWithConsensus - w.agreement_with_consensus) <= TOL);
      assert.equal(got.worstClass, w.worst_class, `annotator ${w.annotator} worst class`);
      assert.equal(got.labeled, w.num_examples_labeled);
    }
  });

  it('per-class agreement adds up to the overall agreement with the consensus', () => {
    for (const a of result.annotators) {
      const right = a.perClass.reduce((s, c) => s + (c.given === 0 ? 0 : c.precision * c.given), 0);
      assert.ok(Math.abs(right / a.labeled - a.agreementWithConsensus) <= 1e-12);
      assert.equal(
        a.perClass.reduce((s, c) => s + c.consensus, 0),
        a.labeled,
      );
    }
  });
});

describe('consensusLabels (other methods)', () => {
  it('majority-vote consensus with CROWDLAB quality equals cleanlab consensus_method="majority_vote"', () => {
    const r = consensusLabels(labels, { numClasses: K, probs, method: 'majority_vote' });
    const want = expected.majority_vote_consensus.label_quality;
    assert.deepEqual([...r.labels], want.consensus_label);
    assertClose(r.qualityScores, want.consensus_quality_score, 'consensus_quality_score');
    assertClose(r.agreement, want.annotator_agreement, 'annotator_agreement');
  });

  it('agreement quality: consistent with cleanlab for the consensus labels it chose (see docs/label-issues.md)', () => {
    // cleanlab 2.9's "agreement" posterior counts float labels with value_counts, which packs the counts
    // of the classes present into the first slots (class order lost), so its consensus labels differ from
    // the plain vote shares used here. Given cleanlab's consensus labels, the agreement is the same.
    const want = expected.agreement_quality.label_quality;
    for (let r = 0; r < labels.rows; r++) {
      let same = 0;
      for (let c = 0; c < labels.cols; c++)
        if (labels.data[r * labels.cols + c] === want.consensus_label[r]) same++;
      assert.ok(Math.abs(same / want.num_annotations[r]! - want.consensus_quality_score[r]!) <= TOL);
    }
    const r = consensusLabels(labels, { numClasses: K, probs, quality: 'agreement' });
    assert.deepEqual([...r.labels], expected.majority_vote_label, 'vote shares: argmax = majority vote');
    for (let i = 0; i < labels.rows; i++) assert.ok(Math.abs(r.qualityScores[i]! - r.agreement[i]!) <= 0);
  });

  it('without probabilities: majority vote and agreement; annotator quality is agreement on shared examples', () => {
    const r = consensusLabels(labels, { numClasses: K });
    assert.equal(r.method, 'majority_vote');
    assert.equal(r.quality, 'agreement');
    assert.equal(r.modelWeight, undefined);
    for (const a of r.annotators) assert.ok(a.quality >= 0 && a.quality <= 1);
    // The simulated annotators have accuracies 0.95 .. 0.55 in column order (fixture README): so does quality.
    const q = r.annotators.map((a) => a.quality);
    for (let i = 1; i < q.length; i++)
      assert.ok(q[i]! < q[i - 1]!, `annotator ${i} below annotator ${i - 1}`);
  });

  it('rejects bad input with a message naming the record', () => {
    const bad: LabelMatrix = { data: Float64Array.from([0, 3, NaN, NaN]), rows: 2, cols: 2 };
    assert.throws(
      () => consensusLabels(bad, { numClasses: 2 }),
      (e: unknown) => e instanceof AssayError && /Example 0, annotator 1: label 3/.test(e.message),
    );
    const empty: LabelMatrix = { data: Float64Array.from([0, 1, NaN, NaN]), rows: 2, cols: 2 };
    assert.throws(() => consensusLabels(empty, { numClasses: 2 }), /Example 1 has no label/);
    assert.throws(
      () =>
        consensusLabels(
          { data: Float64Array.from([0, 1]), rows: 1, cols: 2 },
          { numClasses: 2, quality: 'crowdlab' },
        ),
      /needs model probabilities/,
    );
  });
});
