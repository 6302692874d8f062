import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { TEXT_FORMAT_SKIPS } from '../_text-conformance-kit.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { textJsonl } from './text-jsonl-format.js';

describeConformance(textJsonl, { skip: TEXT_FORMAT_SKIPS });

const io = createNodeFormatIO();

describe('text-jsonl', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-text-jsonl-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('labels, multi-labels, offset spans, doccano triples, probabilities; bad lines are problems', async () => {
    const path = `${dir}/mixed.jsonl`;
    const lines = [
      { id: 'a', text: 'Paris is nice', label: 'travel', lang: 'en' },
      {
        text: 'Ann met Bob',
        spans: [
          { start: 0, end: 3, label: 'PER' },
          { start: 8, end: 11, label: 'PER' },
        ],
      },
      {
        text: 'Kim in Seoul',
        label: [
          [0, 3, 'PER'],
          [7, 12, 'LOC'],
        ],
      },
      { text: 'two tags', labels: ['x', 'y'], split: 'test' },
      { text: 'bad span', spans: [{ start: 4, end: 40, label: 'X' }] },
    ].map((o) => JSON.stringify(o));
    await writeFile(path, `\uFEFF${lines.join('\r\n')}\r\nnot json\r\n{"label": "no text"}\r\n`);
    const got = await textJsonl.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      got.samples.map((s) => s.key),
      ['a', 'mixed#2', 'mixed#3', 'mixed#4', 'mixed#5'],
    );
    assert.equal(got.samples[0]?.language, 'en');
    assert.equal(got.samples[3]?.split, 'test');
    const spans = got.annotations.filter((a) => a.kind === 'span');
    assert.deepEqual(
      spans.map((a) => [
        a.sample,
        a.label,
        got.samples.find((s) => s.key === a.sample)?.text?.slice(a.span!.start, a.span!.end),
      ]),
      [
        ['mixed#2', 'PER', 'Ann'],
        ['mixed#2', 'PER', 'Bob'],
        ['mixed#3', 'PER', 'Kim'],
        ['mixed#3', 'LOC', 'Seoul'],
      ],
    );
    assert.deepEqual(
      got.annotations.filter((a) => a.kind === 'classification').map((a) => `${a.sample}:${a.label}`),
      ['a:travel', 'mixed#4:x', 'mixed#4:y'],
    );
    // Two skipped lines (not JSON, no text) and one span outside its text, left out with a warning.
    assert.deepEqual(
      got.problems.map((p) => [p.record, p.severity]),
      [
        ['line 5', 'warning'],
        ['line 6', 'error'],
        ['line 7', 'error'],
      ],
    );
    await textJsonl.write?.({ dataset: got, imagesRoot: dir, outDir: `${dir}/out`, io });
    const back = await textJsonl.read({
      path: `${dir}/out/text.jsonl`,
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
    });
    assert.deepEqual(
      back.samples,
      got.samples.map((s) => ({ ...s, textSource: `text.jsonl:${got.samples.indexOf(s) + 1}` })),
    );
    assert.deepEqual(
      back.annotations.map((a) => [a.sample, a.kind, a.label, a.span?.start, a.span?.end]),
      got.annotations.map((a) => [a.sample, a.kind, a.label, a.span?.start, a.span?.end]),
    );
  });

  it('a model output: probabilities by class name, the label the most probable one when absent', async () => {
    const path = `${dir}/pred.jsonl`;
    await writeFile(
      path,
      `${JSON.stringify({ id: 'a', text: 'x', probs: { neg: 0.2, pos: 0.8 } })}\n${JSON.stringify({ id: 'b', text: 'y', label: 'neg', probs: { pos: 0.4, neg: 0.6 } })}\n`,
    );
    const got = await textJsonl.read({ path, source: 'prediction:m', io, lookup: emptyLookup });
    assert.deepEqual(got.probsOrder, ['neg', 'pos']);
    assert.deepEqual(
      got.annotations.map((a) => [a.sample, a.label, a.probs, a.score]),
      [
        ['a', 'pos', [0.2, 0.8], 0.8],
        ['b', 'neg', [0.6, 0.4], 0.6],
      ],
    );
  });

  it('without --text-column: GLUE-style "sentence" and an "intent" label are found (import auto too)', async () => {
    const path = `${dir}/sst.jsonl`;
    await writeFile(
      path,
      '{"sentence": "good movie", "intent": "praise"}\n{"sentence": "bad movie", "intent": "complaint"}\n{"sentence": "ok"}\n',
    );
    assert.match((await textJsonl.detect(path, io))?.reason ?? '', /"sentence" field/);
    const r = await textJsonl.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.samples.map((s) => s.text),
      ['good movie', 'bad movie', 'ok'],
    );
    assert.deepEqual(
      r.annotations.map((a) => a.label),
      ['praise', 'complaint'],
    );
    assert.deepEqual(r.problems, []);
  });
});
