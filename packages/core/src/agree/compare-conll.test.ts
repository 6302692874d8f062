/**
 * Span P/R/F1 on the WNUT 2017 test set: gold against 7 real system submissions, compared with the
 * stored outputs of seqeval (chakki-works/seqeval @ cd01b5210eaa; default mode = conlleval, and strict IOB2)
 * and conlleval.pl's printed counts (fixtures/wnut17/expected/ner_<system>.json).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedFixture } from '../test-kit/fixtures.js';
import { type ConllComparison, compareConll, type TaggedCorpus } from './compare-conll.js';
import { parseConll } from './parse-conll.js';
import type { SpanAgreement } from './span-agreement.js';

const fixture = (path: string) => sharedFixture(`wnut17/${path}`);
const TOLERANCE = 1e-9;

function corpus(path: string): TaggedCorpus {
  const parsed = parseConll(readFileSync(fixture(path), 'utf8'), path);
  assert.equal(parsed.problems.items.length, 0);
  return { file: path, sentences: parsed.sentences };
}

interface SeqevalReport {
  micro: { precision: number; recall: number; f1: number };
  macro_f1: number;
  weighted_f1: number;
  per_type: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

interface Expected {
  n_sentences: number;
  n_tokens: number;
  token_accuracy: number;
  default: SeqevalReport;
  strict_iob2: SeqevalReport;
  conlleval: { raw: string; per_type: Record<string, { n_pred: number }> };
}

function assertSeqeval(got: SpanAgreement, want: SeqevalReport, what: string): void {
  const close = (a: number, b: number, name: string) =>
    assert.ok(Math.abs(a - b) < TOLERANCE, `${what} ${name}: ${a} vs ${b}`);
  close(got.micro.precision, want.micro.precision, 'precision');
  close(got.micro.recall, want.micro.recall, 'recall');
  close(got.micro.f1, want.micro.f1, 'f1');
  close(got.macro_f1, want.macro_f1, 'macro_f1');
  close(got.weighted_f1, want.weighted_f1, 'weighted_f1');
  assert.deepEqual(Object.keys(got.per_type).sort(), Object.keys(want.per_type).sort(), `${what} types`);
  for (const [type, w] of Object.entries(want.per_type)) {
    const g = got.per_type[type]!;
    close(g.precision, w.precision, `${type} precision`);
    close(g.recall, w.recall, `${type} recall`);
    close(g.f1, w.f1, `${type} f1`);
    assert.equal(g.support, w.support, `${what} ${type} support`);
  }
}

/** conlleval.pl's first two lines: "processed T tokens with G phrases; found: P phrases; correct: C." */
function assertConllevalCounts(
  got: ConllComparison,
  raw: string,
  perType: Record<string, { n_pred: number }>,
): void {
  const m = /processed (\d+) tokens with (\d+) phrases; found: (\d+) phrases; correct: (\d+)\./.exec(raw);
  assert.ok(m);
  assert.deepEqual(
    [got.tokens, got.reference_spans, got.predicted_spans, got.spans.micro.correct],
    m.slice(1, 5).map(Number),
  );
  for (const [type, { n_pred }] of Object.entries(perType))
    assert.equal(got.spans.per_type[type]?.predicted, n_pred);
}

describe('compareConll on WNUT 2017 submissions', () => {
  const gold = corpus('emerging.test.annotated');
  const systems = readdirSync(fixture('submissions')).sort();

  it('reads the gold test set: 1,287 sentences, 23,394 tokens (the fixture README)', () => {
    assert.equal(gold.sentences.length, 1287);
    assert.equal(
      gold.sentences.reduce((n, s) => n + s.tags.length, 0),
      23394,
    );
  });

  for (const system of systems) {
    it(`${system}: equals seqeval (default and strict IOB2) and conlleval's counts`, () => {
      const name = system.replace(/\.txt$/, '');
      const want = JSON.parse(readFileSync(fixture(`expected/ner_${name}.json`), 'utf8')) as Expected;
      const pred = corpus(`submissions/${system}`);
      const conll = compareConll(gold, pred, 'conlleval');
      assert.equal(conll.sentences, want.n_sentences);
      assert.equal(conll.tokens, want.n_tokens);
      assert.ok(Math.abs(conll.token_accuracy - want.token_accuracy) < TOLERANCE);
      assertSeqeval(conll.spans, want.default, `${name} default`);
      assertConllevalCounts(conll, want.conlleval.raw, want.conlleval.per_type);
      assertSeqeval(compareConll(gold, pred, 'iob2').spans, want.strict_iob2, `${name} strict`);
    });
  }

  it('refuses files that do not line up, naming the sentence and lines', () => {
    const short: TaggedCorpus = { file: 'short.conll', sentences: gold.sentences.slice(0, 3) };
    const broken: TaggedCorpus = {
      file: 'broken.conll',
      sentences: [gold.sentences[0]!, { ...gold.sentences[1]!, tags: ['O'] }],
    };
    assert.throws(() => compareConll(gold, short), /sentence 4: .*short\.conll has no sentence 4/);
    assert.throws(
      () => compareConll(short, broken),
      /sentence 2: short\.conll line \d+ has \d+ tokens, broken\.conll line \d+ has 1 tokens/,
    );
  });
});
