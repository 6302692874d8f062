/**
 * Issue 10: Label Studio fields of the wrong type crashed the reader (exit 3, "group.results.filter is
 * not a function" and the like). Each bad record is now a per-record problem naming the file, the
 * record and the field, and the rest of the export is read. A file whose top level is not a list of
 * tasks stays an INVALID_INPUT error (exit 2).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError, exitCodeFor } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup } from '../conformance.js';
import { toPosix } from '../paths.js';
import { labelStudio } from './label-studio-format.js';

const io = createNodeFormatIO();

const region = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  type: 'rectanglelabels',
  from_name: 'label',
  to_name: 'image',
  original_width: 100,
  original_height: 50,
  value: { x: 10, y: 10, width: 20, height: 20, rectanglelabels: ['cat'] },
  ...over,
});
const task = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  data: { image: `/data/upload/1/img${id}.jpg` },
  annotations: [{ id: id * 10, completed_by: 1, result: [region()] }],
  ...over,
});

/** Each case: one bad task (beside a good one), and the record and field its problem must name. */
const CASES: Array<[string, unknown, RegExp]> = [
  [
    'result a string',
    task(2, { annotations: [{ id: 20, result: 'oops' }] }),
    /annotations\[0\].*result: expected a list, got a string/,
  ],
  [
    'result a number',
    task(2, { annotations: [{ id: 20, result: 7 }] }),
    /result: expected a list, got a number/,
  ],
  [
    'result an object',
    task(2, { annotations: [{ id: 20, result: { a: 1 } }] }),
    /result: expected a list, got an object/,
  ],
  [
    'type an object',
    task(2, { annotations: [{ id: 20, result: [region({ type: { a: 1 } })] }] }),
    /result\[0\].*type: expected a string, got an object/,
  ],
  [
    'type a number',
    task(2, { annotations: [{ id: 20, result: [region({ type: 5 })] }] }),
    /type: expected a string/,
  ],
  ['annotations a number', task(2, { annotations: 3 }), /task 2.*annotations: expected a list, got a number/],
  ['annotations a string', task(2, { annotations: 'x' }), /annotations: expected a list, got a string/],
  [
    'annotations an object',
    task(2, { annotations: { result: [] } }),
    /annotations: expected a list, got an object/,
  ],
  [
    'predictions an object',
    task(2, { predictions: { result: [region()] } }),
    /predictions: expected a list, got an object/,
  ],
  ['predictions a number', task(2, { predictions: 1 }), /predictions: expected a list, got a number/],
  ['a null annotation', task(2, { annotations: [null] }), /annotations\[0\].*expected an object, got null/],
  ['a null prediction', task(2, { predictions: [null] }), /predictions\[0\].*expected an object, got null/],
  [
    'a null result',
    task(2, { annotations: [{ id: 20, result: [null] }] }),
    /result\[0\].*expected an object, got null/,
  ],
  [
    'a string result',
    task(2, { annotations: [{ id: 20, result: ['x'] }] }),
    /result\[0\].*expected an object, got a string/,
  ],
  [
    'value a number',
    task(2, { annotations: [{ id: 20, result: [region({ value: 4 })] }] }),
    /value: expected an object, got a number/,
  ],
  [
    'value a list',
    task(2, { annotations: [{ id: 20, result: [region({ value: [1] })] }] }),
    /value: expected an object, got a list/,
  ],
  [
    'original_width a string',
    task(2, { annotations: [{ id: 20, result: [region({ original_width: '100' })] }] }),
    /original_width: expected a number/,
  ],
  [
    'score a string',
    task(2, { predictions: [{ id: 1, score: 'high', result: [region()] }] }),
    /score: expected a number/,
  ],
  [
    'prediction result a string',
    task(2, { predictions: [{ id: 1, result: 'x' }] }),
    /predictions\[0\].*result: expected a list/,
  ],
  [
    'was_cancelled a string',
    task(2, { annotations: [{ id: 20, was_cancelled: 'no', result: [] }] }),
    /was_cancelled: expected true or false/,
  ],
  ['data a list', { id: 2, data: [1], annotations: [] }, /task 2.*data: expected an object, got a list/],
  [
    'from_name a list',
    task(2, { annotations: [{ id: 20, result: [region({ from_name: ['a'] })] }] }),
    /from_name: expected a string/,
  ],
];

describe('issue 10: Label Studio fields of the wrong type are per-record problems', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-ls-types-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const [i, [name, bad, problem]] of CASES.entries()) {
    it(name, async () => {
      const file = `${dir}/case-${i}.json`;
      await writeFile(file, JSON.stringify([task(1), bad]));
      const r = await labelStudio.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup });
      const good = r.annotations.filter((a) => a.sample === 'img1.jpg');
      assert.deepEqual(
        good.map((a) => [a.label, a.bbox]),
        [['cat', [10, 5, 20, 10]]],
        'the good task is read',
      );
      const errors = r.problems.filter((p) => p.severity === 'error');
      assert.equal(errors.length, 1, `one problem: ${JSON.stringify(r.problems)}`);
      const p = errors[0]!;
      assert.equal(p.file, file);
      assert.match(`${p.record} ${p.reason}`, problem);
      assert.ok(p.hint, 'the problem has a hint');
    });
  }

  it('deeply nested per-region values and ids do not blow the stack', async () => {
    const deep = `${'['.repeat(200_000)}"x"${']'.repeat(200_000)}`;
    const text = `[{"id":${deep},"data":{"image":"a.jpg"},"annotations":[{"id":1,"completed_by":{"id":${deep}},"result":[${JSON.stringify(region())},{"id":"r1","type":"taxonomy","from_name":"t","value":{"taxonomy":[${deep}]}}]}]}]`;
    const file = `${dir}/deep.json`;
    await writeFile(file, text);
    const r = await labelStudio.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(
      r.annotations.map((a) => a.label),
      ['cat'],
    );
  });

  it('a file that is not a list of tasks is INVALID_INPUT (exit 2) naming the file', async () => {
    const file = `${dir}/numbers.json`;
    await writeFile(file, '[1, 2, 3]');
    await assert.rejects(
      labelStudio.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup }),
      (e: unknown) => e instanceof AssayError && exitCodeFor(e) === 2 && e.message.includes(file),
    );
  });
});
