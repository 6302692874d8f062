import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TextCheckAnnotation, type TextCheckSample, textChecks } from './text-checks.js';
import { normaliseText } from './text-sample-checks.js';

const sample = (id: number, text: string, extra: Partial<TextCheckSample> = {}): TextCheckSample => ({
  id,
  key: `s${id}`,
  text,
  ...extra,
});
const label = (id: number, sampleId: number, name: string): TextCheckAnnotation => ({
  id,
  sample: `s${sampleId}`,
  kind: 'classification',
  label: name,
});
const span = (
  id: number,
  sampleId: number,
  name: string,
  start: number,
  end: number,
  token = false,
): TextCheckAnnotation => ({
  id,
  sample: `s${sampleId}`,
  kind: 'span',
  label: name,
  span: { start, end, ...(token ? { tokenStart: 0, tokenEnd: 1 } : {}) },
});

const byType = (issues: { type: string; sampleId?: number }[]) => {
  const out: Record<string, number[]> = {};
  for (const i of issues) (out[i.type] ??= []).push(i.sampleId ?? -1);
  return out;
};

describe('textChecks', () => {
  it('normalises case, whitespace and compatibility forms (NFKC: full-width letters, ligatures)', () => {
    assert.equal(normaliseText('  Ｈｅｌｌｏ\u00a0 \tWORLD ﬁne '), 'hello world fine');
  });

  it('empty texts, exact and normalised duplicates, conflicting labels on every member, leakage', () => {
    const samples = [
      sample(1, 'Where is my card?', { split: 'train' }),
      sample(2, 'where  is my CARD?', { split: 'train' }),
      sample(3, ' \n\t'),
      sample(4, ''),
      sample(5, 'Top up failed', { split: 'train' }),
      sample(6, 'Top up failed', { split: 'test' }),
      sample(7, 'Ｔｏｐ up failed', { split: 'train' }),
    ];
    const annotations = [
      label(1, 1, 'card_arrival'),
      label(2, 2, 'lost_card'),
      label(3, 5, 'top_up'),
      label(4, 6, 'top_up'),
      label(5, 7, 'top_up'),
    ];
    const got = byType(textChecks(samples, annotations).issues);
    assert.deepEqual(got.empty_text, [3, 4]);
    // One issue per member beyond the first of a group: s2 (normalised), s6 and s7.
    assert.deepEqual(got.duplicate_text, [2, 6, 7]);
    assert.deepEqual(got.conflicting_labels, [1, 2]);
    assert.deepEqual(got.split_leakage, [5, 6, 7]);
    // The two empty texts are not duplicates of each other (an empty text is its own issue).
    assert.ok(!got.duplicate_text?.includes(4));
  });

  it('length outliers in characters and tokens (robust z over 20+ texts)', () => {
    const samples = Array.from({ length: 30 }, (_, i) => sample(i + 1, `short text number ${i}`));
    samples.push(sample(99, 'word '.repeat(400)));
    const issues = textChecks(samples, []).issues.filter((i) => i.type === 'text_length_outlier');
    assert.deepEqual(
      issues.map((i) => [i.sampleId, i.details?.unit]),
      [
        [99, 'characters'],
        [99, 'tokens'],
      ],
    );
  });

  it('spans: overlaps, whitespace edges, words cut (character spans only), I- without B-', () => {
    const samples = [
      sample(1, 'New York City'),
      sample(2, 'Ann met Bob', { tags: ['B-PER', 'O', 'I-PER'] }),
      sample(3, '경찰은 갔다'),
    ];
    const annotations = [
      span(1, 1, 'LOC', 0, 8),
      span(2, 1, 'LOC', 4, 13),
      span(3, 1, 'ORG', 0, 4),
      span(4, 2, 'PER', 0, 2),
      span(5, 3, 'OG', 0, 2, true),
    ];
    const issues = textChecks(samples, annotations).issues;
    const got = byType(issues);
    assert.deepEqual(got.overlapping_spans, [1, 1]);
    // "New " ends with a space; "An" cuts "Ann"; 경찰 (token span from a character-per-line file) is not judged.
    assert.deepEqual(got.span_boundary, [1, 2]);
    assert.deepEqual(got.invalid_tag_sequence, [2]);
    assert.match(
      issues.find((i) => i.type === 'invalid_tag_sequence')?.reason ?? '',
      /token 3 is I-PER after O/,
    );
  });

  it('only the types asked for', () => {
    const issues = textChecks([sample(1, ''), sample(2, 'a'), sample(3, 'a')], [], {
      only: new Set(['empty_text']),
    }).issues;
    assert.deepEqual(byType(issues), { empty_text: [1] });
  });
});
