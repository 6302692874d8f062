import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { TEXT_FORMAT_SKIPS } from '../_text-conformance-kit.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { conll } from './conll-format.js';
import { detectScheme, spansToTags, tagSpans } from './conll-scheme.js';

describeConformance(conll, { skip: TEXT_FORMAT_SKIPS });

const io = createNodeFormatIO();
const read = (path: string, source = 'ground_truth') => conll.read({ path, source, io, lookup: emptyLookup });

async function writeBack(path: string, outDir: string): Promise<string> {
  const got = await read(path);
  await conll.write?.({ dataset: got, imagesRoot: outDir, outDir, io });
  return readFile(`${outDir}/data.conll`, 'utf8');
}

describe('conll', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-conll-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads wnut17 test: 1287 sentences, 23394 tokens, 1079 entities of 6 types; written back byte for byte', async () => {
    const path = sharedFixture('wnut17/emerging.test.annotated');
    const got = await read(path);
    // ../shared/fixtures/wnut17/README.md: 1287 sentences, 23394 tokens, 6 types; the entity counts are
    // seqeval's gold supports in expected/ner_arcada.json (default mode): corporation 66, creative-work 142,
    // group 165, location 150, person 429, product 127 = 1079.
    assert.equal(got.samples.length, 1287);
    const tokens = got.samples.reduce(
      (n, s) => n + ((s.metadata?.conll as { tokens?: string[] } | undefined)?.tokens?.length ?? 0),
      0,
    );
    assert.equal(tokens, 23394);
    const byType: Record<string, number> = {};
    for (const a of got.annotations) byType[a.label ?? ''] = (byType[a.label ?? ''] ?? 0) + 1;
    assert.deepEqual(byType, {
      corporation: 66,
      'creative-work': 142,
      group: 165,
      location: 150,
      person: 429,
      product: 127,
    });
    for (const a of got.annotations) {
      const s = got.samples.find((x) => x.key === a.sample)!;
      const meta = s.metadata?.conll as { tokens: string[] };
      const covered = meta.tokens.slice(a.span!.tokenStart, a.span!.tokenEnd).join(' ');
      assert.equal(s.text?.slice(a.span!.start, a.span!.end), covered);
    }
    assert.equal(await writeBack(path, `${dir}/wnut`), await readFile(path, 'utf8'));
  });

  it('reads klue-ner dev: 5,000 Korean sentences, one character per line, written back byte for byte', async () => {
    const path = sharedFixture('klue-ner/klue-ner-v1.1_dev.tsv');
    const got = await read(path);
    // ../shared/fixtures/klue-ner/README.md: 5,000 sentences; types PS, LC, OG, DT, TI, QT.
    assert.equal(got.samples.length, 5000);
    assert.deepEqual(got.classes.map((c) => c.name).sort(), ['DT', 'LC', 'OG', 'PS', 'QT', 'TI']);
    // The first sentence's `## id<TAB>markup` line marks <경찰:OG> first, and <박:PS> later.
    const first = got.samples[0]!;
    assert.ok(first.text?.startsWith('경찰은 또 성매매 알선 자금을 관리한 박씨'), first.text);
    const spans = got.annotations.filter((a) => a.sample === first.key);
    assert.equal(first.text?.slice(spans[0]!.span!.start, spans[0]!.span!.end), '경찰');
    assert.equal(spans[0]?.label, 'OG');
    assert.equal(await writeBack(path, `${dir}/klue`), await readFile(path, 'utf8'));
  });

  it('schemes: IOB1, IOB2 and BIOES read to the same spans and written in their own scheme', () => {
    const iob2 = ['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC'];
    const iob1 = ['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC'];
    const bioes = ['B-PER', 'E-PER', 'O', 'S-LOC', 'S-LOC'];
    assert.equal(detectScheme([iob2]), 'iob2');
    assert.equal(detectScheme([iob1]), 'iob1');
    assert.equal(detectScheme([bioes]), 'bioes');
    const spans = tagSpans(iob2);
    assert.deepEqual(tagSpans(iob1), spans);
    assert.deepEqual(tagSpans(bioes), spans);
    assert.deepEqual(spansToTags(5, spans, 'iob1'), iob1);
    assert.deepEqual(spansToTags(5, spans, 'bioes'), bioes);
    assert.deepEqual(spansToTags(5, spans, 'iob2'), iob2);
  });

  it('tricky file: -DOCSTART-, tokens with spaces, empty tokens, middle columns, an I- without B-', async () => {
    const path = `${dir}/tricky.conll`;
    const text =
      '-DOCSTART-\tO\n\nNew York\tNNP\tB-LOC\n\tSYM\tO\nrocks\tVBZ\tI-MISC\n\n-DOCSTART-\tO\n\nhi\tUH\tO\n\n';
    await writeFile(path, text);
    const got = await read(path);
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['New York  rocks', 'hi'],
    );
    assert.deepEqual(
      got.annotations.map((a) => [a.label, a.span?.start, a.span?.end]),
      [
        ['LOC', 0, 8],
        ['MISC', 10, 15],
      ],
    );
    assert.deepEqual(
      got.samples.map((s) => (s.metadata?.conll as { document?: number } | undefined)?.document),
      [1, 2],
    );
    assert.equal(await writeBack(path, `${dir}/tricky`), text);
    // A changed span is written in the file's scheme (I- without B- is kept only while unchanged).
    const changed = { ...got, annotations: got.annotations.slice(0, 1) };
    await conll.write?.({ dataset: changed, imagesRoot: dir, outDir: `${dir}/changed`, io });
    assert.match(await readFile(`${dir}/changed/data.conll`, 'utf8'), /rocks\tVBZ\tO\n/);
  });

  it('CoNLL-2003 layout in a .txt (space-separated, four columns, -DOCSTART- -X- -X- O): one sample per document', async () => {
    const path = `${dir}/train.txt`;
    const text =
      '-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\n' +
      'Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nBonn NNP B-NP I-LOC\n\n';
    await writeFile(path, text);
    const detected = await conll.detect(path, io);
    assert.ok((detected?.confidence ?? 0) >= 0.5, JSON.stringify(detected));
    const got = await read(path);
    assert.deepEqual(
      got.annotations.map((a) => [
        a.label,
        got.samples.find((s) => s.key === a.sample)?.text?.slice(a.span!.start, a.span!.end),
      ]),
      [
        ['ORG', 'EU'],
        ['MISC', 'German'],
        ['PER', 'Peter Blackburn'],
        ['LOC', 'Bonn'],
      ],
    );
    // Two documents: the first's two sentences joined by a line break, token offsets through the document.
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['EU rejects German\nPeter Blackburn', 'Bonn'],
    );
    assert.deepEqual(
      got.annotations.map((a) => [a.span?.tokenStart, a.span?.tokenEnd]),
      [
        [0, 1],
        [2, 3],
        [3, 5],
        [0, 1],
      ],
    );
    assert.match(got.notes?.[0] ?? '', /2 documents \(-DOCSTART-\), 3 sentences/);
    assert.equal(await writeBack(path, `${dir}/conll2003`), text);
    // A span moved in the second sentence is written there, in the file's scheme; the others unchanged.
    const moved = got.annotations.map((a, i) =>
      i === 2 ? { ...a, span: { start: 18, end: 23 }, label: 'PER' } : a,
    );
    await conll.write?.({
      dataset: { ...got, annotations: moved },
      imagesRoot: dir,
      outDir: `${dir}/moved`,
      io,
    });
    const out = await readFile(`${dir}/moved/data.conll`, 'utf8');
    assert.match(out, /EU NNP B-NP B-ORG\n/);
    assert.match(out, /Peter NNP B-NP B-PER\nBlackburn NNP I-NP O\n/);
  });
});
