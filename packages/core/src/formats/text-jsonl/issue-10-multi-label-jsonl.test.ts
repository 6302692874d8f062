/**
 * Issue 10 (text sets nobody here made): multi-label JSON Lines as other tools write them, built here from
 * their descriptions: spaCy / Prodigy text categories (`cats`: label → 1.0 or 0.0, as spaCy's training
 * data and `doc.cats` hold them), and labels nested in an object (`{"annotation": {"labels": [...]}}`),
 * which was read silently as texts without labels; spaCy v2 training tuples as tutorials dump them
 * (`TRAIN_DATA = [[text, {"entities": [[start, end, label]], "cats": {...}}]]`) and as the NER Annotator
 * for spaCy exports them (`{"classes": [...], "annotations": [tuples]}`), which no format took; a label
 * written as an object naming its class (`{"label": {"name": "pos", "id": 1}}`, or a list of them), read as
 * no label with a note that the records hold "label" (wild-td5).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { textJsonl } from './text-jsonl-format.js';

const io = createNodeFormatIO();
const read = (path: string, labels?: string[]) =>
  textJsonl.read({
    path,
    source: 'ground_truth',
    io,
    lookup: emptyLookup,
    ...(labels ? { textFields: { labels } } : {}),
  });
const labelsOf = (r: Awaited<ReturnType<typeof read>>) =>
  r.samples.map((s) =>
    r.annotations
      .filter((a) => a.sample === s.key)
      .map((a) => a.label)
      .sort(),
  );

describe('issue 10: multi-label JSON Lines', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-multi-jsonl-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('labels written as objects naming their class (`{"name": …}`, a list of them); span objects stay spans', async () => {
    const path = `${dir}/objects.jsonl`;
    await writeFile(
      path,
      [
        { text: 'great film', label: { name: 'pos', id: 1 } },
        { text: 'dull', label: { name: 'neg', id: 0 } },
        { text: 'both', label: [{ class: 'drama' }, { class: 'comedy' }] },
        { text: 'Paris', label: [{ start: 0, end: 5, label: 'LOC' }] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const got = await read(path);
    assert.deepEqual(labelsOf(got), [['pos'], ['neg'], ['comedy', 'drama'], ['LOC']]);
    assert.deepEqual(
      got.annotations.filter((a) => a.span).map((a) => a.label),
      ['LOC'],
    );
  });

  it('spaCy/Prodigy `cats`: the categories scored 0.5 or more are the labels', async () => {
    const path = `${dir}/cats.jsonl`;
    await writeFile(
      path,
      '{"text": "good and cheap", "cats": {"price": 1.0, "quality": 1.0, "other": 0.0}}\n{"text": "meh", "cats": {"price": 0.0, "quality": 0.0, "other": 1.0}}\n',
    );
    const got = await read(path);
    assert.deepEqual(got.problems, []);
    assert.deepEqual(labelsOf(got), [['price', 'quality'], ['other']]);
  });

  it('labels nested in an object: a note names the field, and --label-column annotation.labels reads it', async () => {
    const path = `${dir}/nested.jsonl`;
    await writeFile(
      path,
      '{"text": "good and cheap", "meta": {"id": 1}, "annotation": {"labels": ["price", "quality"]}}\n{"text": "bad", "annotation": {"labels": ["quality"]}}\n',
    );
    const silent = await read(path);
    assert.equal(silent.annotations.length, 0);
    assert.match(
      silent.notes?.join('\n') ?? '',
      /no labels: no record has "label" or "labels"; the records hold meta, annotation \(labels in annotation\.labels: import with --label-column annotation\.labels\)/,
    );
    assert.deepEqual(labelsOf(await read(path, ['annotation.labels'])), [['price', 'quality'], ['quality']]);
  });

  it('spaCy training tuples, as a list or in the NER Annotator\'s "annotations": detected, entities as spans', async () => {
    const tuples = [
      [
        'Larry Page founded Google',
        {
          entities: [
            [0, 10, 'PERSON'],
            [19, 25, 'ORG'],
          ],
        },
      ],
      ['Nice and cheap', { entities: [], cats: { POSITIVE: 1.0, NEGATIVE: 0.0 } }],
    ];
    for (const [name, body] of [
      ['train.json', JSON.stringify(tuples)],
      ['annotations.json', JSON.stringify({ classes: ['PERSON', 'ORG'], annotations: tuples }, null, 2)],
    ] as const) {
      const path = `${dir}/${name}`;
      await writeFile(path, body);
      const { format } = await detectFormat(formats, path, io);
      assert.equal(format.id, 'text-jsonl', name);
      const got = await read(path);
      assert.deepEqual(got.problems, []);
      assert.deepEqual(
        got.annotations.map((a) =>
          a.span
            ? `${a.label}:${got.samples.find((s) => s.key === a.sample)?.text?.slice(a.span.start, a.span.end)}`
            : a.label,
        ),
        ['PERSON:Larry Page', 'ORG:Google', 'POSITIVE'],
        name,
      );
    }
  });
});
