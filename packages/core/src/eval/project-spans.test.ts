import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { emptyLookup } from '../formats/conformance.js';
import { conll } from '../formats/conll/conll-format.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { type EvalSpan, evaluateProjectSpans } from './project-spans.js';

const io = createNodeFormatIO();

async function spansOf(path: string): Promise<EvalSpan[]> {
  const got = await conll.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
  const ids = new Map(got.samples.map((s, i) => [s.key.slice(s.key.lastIndexOf('#')), i]));
  return got.annotations.map((a, i) => ({
    id: i,
    sampleId: ids.get(a.sample.slice(a.sample.lastIndexOf('#')))!,
    classId: null,
    label: a.label!,
    start: a.span!.start,
    end: a.span!.end,
    tokenStart: a.span!.tokenStart!,
    tokenEnd: a.span!.tokenEnd!,
  }));
}

describe('evaluateProjectSpans', () => {
  it('outcomes and miss kinds per span on one sample', () => {
    const s = (id: number, label: string, start: number, end: number): EvalSpan => ({
      id,
      sampleId: 1,
      classId: null,
      label,
      start,
      end,
    });
    const r = evaluateProjectSpans(
      [s(1, 'PER', 0, 3), s(2, 'LOC', 10, 15), s(3, 'ORG', 20, 25), s(4, 'PER', 30, 33)],
      [s(11, 'PER', 0, 3), s(12, 'ORG', 10, 15), s(13, 'ORG', 20, 23), s(14, 'LOC', 40, 44)],
    );
    assert.deepEqual(r.totals, { tp: 1, fp: 3, fn: 3, ignored: 0 });
    const pred = r.matches.filter((m) => m.role === 'pred').map((m) => [m.annotationId, m.outcome, m.error]);
    assert.deepEqual(pred, [
      [11, 'tp', null],
      [12, 'fp', 'cls'],
      [13, 'fp', 'loc'],
      [14, 'fp', 'bkg'],
    ]);
    assert.equal(r.matches.find((m) => m.annotationId === 4)?.error, 'miss');
    assert.equal(r.matches.find((m) => m.annotationId === 13)?.iou, 3 / 5);
  });

  for (const system of ['arcada', 'mic-cis.txt']) {
    it(`wnut17 ${system}: equals seqeval's default mode (fixtures/wnut17/expected)`, async () => {
      const gold = await spansOf(sharedFixture('wnut17/emerging.test.annotated'));
      const pred = await spansOf(sharedFixture(`wnut17/submissions/${system}`));
      const r = evaluateProjectSpans(gold, pred).summary as {
        micro: { precision: number; recall: number; f1: number };
        macro_f1: number;
        per_type: Record<string, { support: number }>;
      };
      const want = JSON.parse(
        readFileSync(sharedFixture(`wnut17/expected/ner_${system.replace('.txt', '')}.json`), 'utf8'),
      ).default;
      // seqeval (chakki-works/seqeval @ cd01b5210eaa, default mode): e.g. arcada micro F1 0.3997856377277599.
      for (const k of ['precision', 'recall', 'f1'] as const)
        assert.ok(Math.abs(r.micro[k] - want.micro[k]) < 1e-9, `${k}: ${r.micro[k]} vs ${want.micro[k]}`);
      assert.ok(Math.abs(r.macro_f1 - want.macro_f1) < 1e-9);
      assert.equal(r.per_type.person?.support, 429);
    });
  }
});
