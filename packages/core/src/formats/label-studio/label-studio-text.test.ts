import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { hasSharedFixtures, sharedFixture } from '../../test-kit/fixtures.js';
import { TEXT_FORMAT_SKIPS } from '../_text-conformance-kit.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { labelStudio } from './label-studio-format.js';
import { labelStudioText } from './label-studio-text-format.js';

describeConformance(labelStudioText, { skip: TEXT_FORMAT_SKIPS });

const io = createNodeFormatIO();
const read = (path: string, extra: { source?: string; sourceGiven?: boolean; pick?: string } = {}) =>
  labelStudioText.read({ path, source: extra.source ?? 'ground_truth', io, lookup: emptyLookup, ...extra });

const span = (id: string, start: number, end: number, text: string, label: string, score?: number) => ({
  id,
  type: 'labels',
  from_name: 'label',
  to_name: 'text',
  value: { start, end, text, labels: [label] },
  ...(score === undefined ? {} : { score }),
});

/** Two tasks as Label Studio 1.x exports them: two annotators, a cancelled annotation, a prediction. */
const EXPORT = [
  {
    id: 7,
    data: { text: 'Ann flew to Paris 🛫 with Bob.' },
    annotations: [
      {
        id: 1,
        completed_by: { id: 3, email: 'ann@example.org' },
        result: [
          span('a', 0, 3, 'Ann', 'PER'),
          span('b', 12, 17, 'Paris', 'LOC'),
          { id: 'b', type: 'textarea', from_name: 'note', to_name: 'text', value: { text: ['capital'] } },
          // After the emoji: UTF-16 offsets (Label Studio's own).
          span('c', 26, 29, 'Bob', 'PER'),
          { id: 'd', type: 'choices', from_name: 'topic', to_name: 'text', value: { choices: ['travel'] } },
        ],
      },
      {
        id: 2,
        completed_by: 4,
        result: [
          span('e', 0, 3, 'Ann', 'PER'),
          { id: 'f', type: 'choices', from_name: 'topic', to_name: 'text', value: { choices: ['news'] } },
        ],
      },
      { id: 3, completed_by: 5, was_cancelled: true, result: [] },
    ],
    predictions: [
      {
        id: 9,
        model_version: 'spacy v3',
        score: 0.5,
        // A Python-made pre-annotation: code point offsets (Bob at 25–28).
        result: [span('g', 0, 3, 'Ann', 'PER', 0.9), span('h', 25, 28, 'Bob', 'ORG', 0.4)],
      },
    ],
  },
  {
    id: 8,
    data: { text: 'Nothing here.' },
    annotations: [{ id: 4, completed_by: 4, result: [span('x', 3, 50, 'thing', 'MISC')] }],
    predictions: [],
  },
];

describe('label-studio-text', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-text-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads spans, choices and per-region text per annotator and a prediction with scores', async () => {
    const path = `${dir}/export.json`;
    await writeFile(path, JSON.stringify(EXPORT));
    const got = await read(path);
    assert.deepEqual(
      got.samples.map((s) => [s.key, s.kind, s.originalId]),
      [
        ['export#7', 'text', 7],
        ['export#8', 'text', 8],
      ],
    );
    const text = got.samples[0]!.text!;
    const rows = got.annotations.map((a) => [
      a.source,
      a.kind,
      a.label,
      a.span ? text.slice(a.span.start, a.span.end) : null,
      a.score ?? null,
    ]);
    assert.deepEqual(rows, [
      ['annotator:ann@example.org', 'span', 'PER', 'Ann', null],
      ['annotator:ann@example.org', 'span', 'LOC', 'Paris', null],
      ['annotator:ann@example.org', 'span', 'PER', 'Bob', null],
      ['annotator:ann@example.org', 'classification', 'travel', null, null],
      ['annotator:4', 'span', 'PER', 'Ann', null],
      ['annotator:4', 'classification', 'news', null, null],
      ['prediction:spacy_v3', 'span', 'PER', 'Ann', 0.9],
      ['prediction:spacy_v3', 'span', 'ORG', 'Bob', 0.4],
    ]);
    assert.deepEqual(got.annotations[1]?.attributes, { note: 'capital' });
    // The span past the end of task 8's text is skipped with a problem naming the task and result.
    assert.deepEqual(
      got.problems.map((p) => [p.record, p.severity]),
      [['task 8 annotation 4 result x (labels)', 'error']],
    );
    assert.ok(
      got.notes?.some((n) => /code points/.test(n)),
      String(got.notes),
    );
    assert.ok(
      got.notes?.some((n) => /cancelled/.test(n)),
      String(got.notes),
    );
  });

  it('--as with --pick keeps one annotation per task; one annotator goes to the default source', async () => {
    const path = `${dir}/pick.json`;
    await writeFile(path, JSON.stringify(EXPORT));
    const first = await read(path, { source: 'ground_truth', sourceGiven: true, pick: 'first' });
    assert.deepEqual(
      new Set(first.annotations.map((a) => a.source)),
      new Set(['ground_truth', 'prediction:spacy_v3']),
    );
    const single = `${dir}/single.json`;
    await writeFile(
      single,
      JSON.stringify([
        {
          id: 1,
          data: { text: 'ok' },
          annotations: [
            { id: 1, completed_by: 1, result: [{ type: 'choices', value: { choices: ['pos'] } }] },
          ],
        },
      ]),
    );
    assert.deepEqual(
      (await read(single)).annotations.map((a) => a.source),
      ['ground_truth'],
    );
  });

  it('writes tasks that read back the same (keys, splits, spans, labels, sources, scores, attributes)', async () => {
    const path = `${dir}/rt.json`;
    await writeFile(path, JSON.stringify(EXPORT));
    const got = await read(path);
    got.samples[0]!.split = 'train';
    got.samples[1]!.language = 'en';
    const out = `${dir}/rt-out`;
    const written = await labelStudioText.write!({ dataset: got, imagesRoot: dir, outDir: out, io });
    assert.equal(written.annotations, got.annotations.length);
    const again = await read(`${out}/label-studio.json`);
    const strip = (r: typeof got) => ({
      samples: r.samples.map((s) => [s.key, s.text, s.split, s.language]),
      annotations: r.annotations.map((a) => [
        a.sample,
        a.source,
        a.kind,
        a.label,
        a.span,
        a.score,
        a.attributes,
      ]),
    });
    assert.deepEqual(strip(again), strip(got));
    const config = await readFile(`${out}/label_config.xml`, 'utf8');
    assert.match(config, /<Text name="text" value="\$text"\/>/);
    assert.match(config, /<Labels name="label" toName="text">/);
    assert.match(config, /<Choices name="choice" toName="text" choice="multiple">/);
  });

  it('reads JSON-MIN text rows (one per annotation) into annotator sources', async () => {
    const path = `${dir}/min.json`;
    const rows = [
      {
        id: 1,
        text: 'Kim lives in Seoul',
        annotator: 'a@x',
        annotation_id: 1,
        label: [{ start: 13, end: 18, text: 'Seoul', labels: ['LOC'] }],
        sentiment: 'neutral',
      },
      {
        id: 1,
        text: 'Kim lives in Seoul',
        annotator: 'b@x',
        annotation_id: 2,
        label: [{ start: 0, end: 3, text: 'Kim', labels: ['PER'] }],
      },
    ];
    await writeFile(path, JSON.stringify(rows));
    const got = await read(path);
    assert.equal(got.samples.length, 1);
    assert.deepEqual(
      got.annotations.map((a) => [a.source, a.kind, a.label]),
      [
        ['annotator:a@x', 'span', 'LOC'],
        ['annotator:a@x', 'classification', 'neutral'],
        ['annotator:b@x', 'span', 'PER'],
      ],
    );
  });

  it('csv_test_history.json (label-studio-converter test data): one text task, a sentiment choice', async (t) => {
    if (!hasSharedFixtures()) return t.skip('../shared/fixtures is absent');
    const got = await read(
      sharedFixture('format-samples/label-studio/test_export_csv/csv_test_history.json'),
    );
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['Calif. wildfires signal the arrival of a planetary fire age https://t.co/Vvo9noqQfA'],
    );
    // One annotator in the export: the default source.
    assert.deepEqual(
      got.annotations.map((a) => [a.source, a.kind, a.label]),
      [['ground_truth', 'classification', 'Positive']],
    );
  });

  it('import auto tells text tasks from image tasks (full JSON and JSON-MIN)', async () => {
    const text = `${dir}/auto-text.json`;
    await writeFile(text, `\uFEFF${JSON.stringify(EXPORT)}`);
    const image = `${dir}/auto-image.json`;
    await writeFile(image, JSON.stringify([{ id: 1, data: { image: 'a.jpg' }, annotations: [] }]));
    const min = `${dir}/auto-min.json`;
    await writeFile(min, JSON.stringify([{ id: 1, text: 'hi', annotator: 'a', label: [] }]));
    assert.equal((await detectFormat(formats, text, io)).format.id, 'label-studio-text');
    assert.equal((await detectFormat(formats, min, io)).format.id, 'label-studio-text');
    assert.equal((await detectFormat(formats, image, io)).format.id, 'label-studio');
    assert.equal(await labelStudio.detect(text, io), undefined);
  });
});
