import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SpanScheme, spansFromTags } from './bio-spans.js';
import { spanAgreement, spanF1 } from './span-agreement.js';

const spans = (tags: string, scheme: SpanScheme = 'conlleval') =>
  spansFromTags(tags.split(' '), scheme).map((s) => `${s.type}:${s.start}-${s.end}`);

describe('spansFromTags', () => {
  it('reads well-formed IOB2 the same way in both schemes', () => {
    const tags = 'B-PER I-PER O B-LOC B-LOC I-LOC O B-creative-work I-creative-work';
    const want = ['PER:0-2', 'LOC:3-4', 'LOC:4-6', 'creative-work:7-9'];
    assert.deepEqual(spans(tags), want);
    assert.deepEqual(spans(tags, 'iob2'), want);
  });

  it('starts a conlleval chunk at a stray I- and at a type change; strict IOB2 drops the stray I-', () => {
    // conlleval.pl: "O I-PER" starts a PER chunk; "B-PER I-LOC" is two chunks (type change).
    assert.deepEqual(spans('O I-PER I-PER O B-PER I-LOC'), ['PER:1-3', 'PER:4-5', 'LOC:5-6']);
    assert.deepEqual(spans('O I-PER I-PER O B-PER I-LOC', 'iob2'), ['PER:4-5']);
  });

  it('closes a span at the end of the sentence and reads IOBES', () => {
    assert.deepEqual(spans('B-ORG I-ORG'), ['ORG:0-2']);
    assert.deepEqual(spans('S-PER B-LOC E-LOC O'), ['PER:0-1', 'LOC:1-3']);
  });

  it("strict IOE2, IOBES and BILOU as seqeval's tests/test_scheme.py expects them", () => {
    // [tokens, expected entities as (type, start, end)] from test_ioe2_tokens, test_iobes_tokens and
    // test_bilou_tokens (chakki-works/seqeval tests/test_scheme.py).
    const cases: [SpanScheme, string, string[]][] = [
      ['ioe2', 'E-PER', ['PER:0-1']],
      ['ioe2', 'I-PER', []],
      ['ioe2', 'O E-PER', ['PER:1-2']],
      ['ioe2', 'I-PER I-ORG', []],
      ['ioe2', 'I-PER E-PER', ['PER:0-2']],
      ['ioe2', 'I-PER E-ORG', ['ORG:1-2']],
      ['ioe2', 'E-PER I-PER', ['PER:0-1']],
      ['ioe2', 'E-PER E-ORG', ['PER:0-1', 'ORG:1-2']],
      ['iobes', 'S-PER', ['PER:0-1']],
      ['iobes', 'B-PER', []],
      ['iobes', 'I-PER S-PER', ['PER:1-2']],
      ['iobes', 'B-PER I-PER', []],
      ['iobes', 'B-PER E-PER', ['PER:0-2']],
      ['iobes', 'B-PER E-ORG', []],
      ['iobes', 'B-PER S-PER', ['PER:1-2']],
      ['iobes', 'E-PER S-PER', ['PER:1-2']],
      ['iobes', 'S-PER I-PER', ['PER:0-1']],
      ['bilou', 'U-PER', ['PER:0-1']],
      ['bilou', 'B-PER L-PER', ['PER:0-2']],
      ['bilou', 'B-PER I-PER', []],
      ['bilou', 'B-PER U-PER', ['PER:1-2']],
      ['bilou', 'U-PER L-PER', ['PER:0-1']],
    ];
    for (const [scheme, tags, want] of cases)
      assert.deepEqual(spans(tags, scheme), want, `${scheme}: ${tags}`);
    // A longer IOBES run: B I I E closes; a B I run broken by O is no entity.
    assert.deepEqual(spans('B-LOC I-LOC I-LOC E-LOC O B-PER I-PER O S-ORG', 'iobes'), ['LOC:0-4', 'ORG:8-9']);
  });
});

describe('spanAgreement', () => {
  it('counts a span as correct only when type, start and end all match', () => {
    const gold = [
      { type: 'PER', start: 0, end: 2 },
      { type: 'LOC', start: 5, end: 6 },
      { type: 'ORG', start: 8, end: 9 },
    ];
    const pred = [
      { type: 'PER', start: 0, end: 2 },
      { type: 'LOC', start: 5, end: 7 },
      { type: 'PER', start: 8, end: 9 },
    ];
    const a = spanAgreement(gold, pred);
    // By hand: 1 correct of 3 predicted and 3 gold; PER p 1/2 r 1 f 2/3, LOC 0, ORG 0 (no prediction).
    assert.equal(a.micro.correct, 1);
    assert.ok(Math.abs(a.micro.f1 - 1 / 3) < 1e-12);
    assert.ok(Math.abs(a.per_type.PER!.f1 - 2 / 3) < 1e-12);
    assert.equal(a.per_type.ORG!.precision, 0);
    assert.ok(Math.abs(a.macro_f1 - 2 / 9) < 1e-12);
    assert.ok(Math.abs(a.weighted_f1 - 2 / 9) < 1e-12);
    assert.ok(Math.abs(spanF1(gold, pred) - 1 / 3) < 1e-12);
    assert.equal(spanF1([], []), 1);
  });
});
