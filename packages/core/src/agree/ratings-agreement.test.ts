/**
 * Every figure of `ratingsAgreement` against the reference tools' outputs stored with the fixtures:
 * scikit-learn cohen_kappa_score (none/linear/quadratic), statsmodels fleiss_kappa over aggregate_raters
 * (fleiss, randolph), the krippendorff package's alpha (four levels).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readNpy } from '../node/arrays/read-npz.js';
import { fixture as fixturePath } from '../test-kit/fixtures.js';
import { parseRatingsCsv } from './parse-ratings-csv.js';
import { ratingMatrixFromRows } from './rating-matrix.js';
import { itemAgreement, type RatingsAgreement, ratingsAgreement } from './ratings-agreement.js';

const fixture = (path: string) => fixturePath(path);
const TOLERANCE = 1e-9;

interface Expected {
  n_items: number;
  pairwise: {
    raters: [string, string];
    n_common: number;
    percent_agreement: number;
    cohen_kappa: { none: number; linear: number; quadratic: number };
  }[];
  mean_pairwise_cohen_kappa: number;
  fleiss: { n_items_complete: number; fleiss_kappa: number; randolph_kappa: number };
  fleiss_variable: { n_items_used: number; kappa: number; P_bar: number; P_e: number };
  krippendorff_alpha: Record<'nominal' | 'ordinal' | 'interval' | 'ratio', number>;
}

function close(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < TOLERANCE, `${what}: ${actual} vs ${expected}`);
}

function assertMatches(got: RatingsAgreement, want: Expected): void {
  assert.equal(got.n_items, want.n_items);
  for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const)
    close(got.krippendorff_alpha[level], want.krippendorff_alpha[level], `alpha ${level}`);
  assert.equal(got.fleiss.n_items, want.fleiss.n_items_complete);
  close(got.fleiss_kappa, want.fleiss.fleiss_kappa, 'fleiss_kappa');
  close(got.fleiss.randolph_kappa, want.fleiss.randolph_kappa, 'randolph_kappa');
  assert.equal(got.fleiss_variable.n_items, want.fleiss_variable.n_items_used);
  close(got.fleiss_variable.kappa, want.fleiss_variable.kappa, 'fleiss_variable');
  close(got.fleiss_variable.p_bar, want.fleiss_variable.P_bar, 'P_bar');
  close(got.percent_agreement, want.fleiss_variable.P_bar, 'percent_agreement');
  close(got.fleiss_variable.p_e, want.fleiss_variable.P_e, 'P_e');
  close(got.mean_cohen_kappa, want.mean_pairwise_cohen_kappa, 'mean kappa');
  assert.equal(got.cohen_kappa.length, want.pairwise.length);
  got.cohen_kappa.forEach((pair, i) => {
    const ref = want.pairwise[i]!;
    assert.deepEqual(pair.raters, ref.raters);
    assert.equal(pair.n_common, ref.n_common);
    const name = pair.raters.join('/');
    close(pair.percent_agreement, ref.percent_agreement, `${name} agreement`);
    close(pair.unweighted, ref.cohen_kappa.none, `${name} kappa`);
    close(pair.linear, ref.cohen_kappa.linear, `${name} linear`);
    close(pair.quadratic, ref.cohen_kappa.quadratic, `${name} quadratic`);
  });
}

describe('ratingsAgreement', () => {
  it('equals scikit-learn, statsmodels and krippendorff on the WNUT17 token-type ratings (gold + 7 systems)', () => {
    // fixtures/wnut17/expected/agreement_token_types.json: 23,394 tokens × 8 raters, 7 categories, 28 pairs.
    const text = readFileSync(fixture('wnut17/expected/token_type_ratings.csv'), 'utf8');
    const parsed = parseRatingsCsv(text, 'token_type_ratings.csv');
    assert.equal(parsed.problems.items.length, 0);
    const want = JSON.parse(
      readFileSync(fixture('wnut17/expected/agreement_token_types.json'), 'utf8'),
    ) as Expected;
    assertMatches(ratingsAgreement(parsed.ratings), want);
  });

  it('equals them on the digits annotators, with missing ratings (NaN in labels_multiannotator.npy)', async () => {
    // fixtures/synthetic-classification-digits/expected/agreement.json: 1,797 items × 5 annotators, 5,425 ratings.
    const npy = await readNpy(fixture('synthetic-classification-digits/labels_multiannotator.npy'));
    const [items, raters] = npy.shape as [number, number];
    const ratings = {
      raters: Array.from({ length: raters }, (_, i) => String(i)),
      items,
      values: Float64Array.from(npy.data),
    };
    const want = JSON.parse(
      readFileSync(fixture('synthetic-classification-digits/expected/agreement.json'), 'utf8'),
    ) as Expected;
    const got = ratingsAgreement(ratings);
    assert.equal(got.n_ratings, 5425);
    assertMatches(got, want);
  });

  it('gives null, not NaN, where a figure is undefined', () => {
    const got = ratingsAgreement(
      ratingMatrixFromRows(
        ['a', 'b'],
        [
          [1, 1],
          [1, 1],
        ],
      ),
    );
    assert.equal(got.krippendorff_alpha.nominal, null);
    assert.equal(got.fleiss_kappa, null);
    assert.equal(got.cohen_kappa[0]?.unweighted, null);
    assert.equal(got.percent_agreement, 1);
  });
});

describe('itemAgreement', () => {
  it('is the share of agreeing rating pairs per item, NaN below two ratings', () => {
    const a = itemAgreement(
      ratingMatrixFromRows(
        ['a', 'b', 'c'],
        [
          [1, 1, 1],
          [1, 1, 2],
          [1, 2, 3],
          [4, null, null],
        ],
      ),
    );
    assert.deepEqual([...a.slice(0, 3)], [1, 1 / 3, 0]);
    assert.ok(Number.isNaN(a[3]!));
  });
});

describe('parseRatingsCsv', () => {
  it('reads empty, NA and NaN cells as missing and reports rows it cannot read', () => {
    const text = 'alice,bob,carol\n1,2,\n2,NA,2\n1,x,2\n3,3\n0.5,NaN,1.5\n';
    const { ratings, problems, lines } = parseRatingsCsv(text, 'r.csv');
    assert.deepEqual(ratings.raters, ['alice', 'bob', 'carol']);
    assert.equal(ratings.items, 3);
    assert.deepEqual(lines, [2, 3, 6]);
    assert.deepEqual(
      problems.items.map((p) => [p.record, p.reason]),
      [
        ['line 4', 'rating "x" of bob is not a number'],
        ['line 5', '2 cells where the header names 3 raters'],
      ],
    );
    assert.deepEqual(
      [...ratings.values].map((v) => (Number.isNaN(v) ? null : v)),
      [1, 2, null, 2, null, 2, 0.5, null, 1.5],
    );
  });

  it('refuses a header with fewer than two or duplicate rater names', () => {
    assert.throws(() => parseRatingsCsv('alice\n1\n', 'r.csv'), /at least two rater names/);
    assert.throws(() => parseRatingsCsv('a,a\n1,2\n', 'r.csv'), /unique/);
  });
});
