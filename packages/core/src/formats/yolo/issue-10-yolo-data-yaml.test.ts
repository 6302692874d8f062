/**
 * Issue 10: data.yaml keys of the wrong type were trusted: a class name that is a mapping became a
 * class named "[object Object]", `names` as a number or `path` as a list went on silently. The known
 * keys are checked with a schema; a wrong one is INVALID_INPUT (exit 2) naming the file and the key.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError, exitCodeFor } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { yolo } from './yolo-format.js';

const io = createNodeFormatIO();

const CASES: Array<[string, string, RegExp]> = [
  ['a class name that is a mapping', 'names:\n  - cat\n  - {a: 1}\n', /names.*\[1\]|names/],
  ['names a number', 'names: 3\n', /names/],
  ['path a list', 'path: [a, b]\nnames: [cat]\n', /path: expected a string, got a list/],
  ['nc a string', 'nc: many\n', /nc: expected a number, got a string/],
  ['kpt_shape a string', 'names: [cat]\nkpt_shape: seventeen\n', /kpt_shape: expected a list, got a string/],
];

describe('issue 10: data.yaml keys of the wrong type', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-yaml-')));
    await renderImage(join(dir, 'base', 'images', 'train', 'a.png'), 32, 32);
    await mkdir(join(dir, 'base', 'labels', 'train'), { recursive: true });
    await writeFile(join(dir, 'base', 'labels', 'train', 'a.txt'), '0 0.5 0.5 0.25 0.25\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const read = (root: string) => yolo.read({ path: root, source: 'ground_truth', io, lookup: emptyLookup });

  it('a good data.yaml reads', async () => {
    await writeFile(join(dir, 'base', 'data.yaml'), 'train: images/train\nnames: [cat]\n');
    const r = await read(`${dir}/base`);
    assert.deepEqual(
      r.annotations.map((a) => a.label),
      ['cat'],
    );
  });

  for (const [name, yaml, message] of CASES) {
    it(name, async () => {
      await writeFile(join(dir, 'base', 'data.yaml'), `train: images/train\n${yaml}`);
      await assert.rejects(read(`${dir}/base`), (e: unknown) => {
        assert.ok(e instanceof AssayError, String(e));
        assert.equal(e.code, 'INVALID_INPUT');
        assert.equal(exitCodeFor(e), 2);
        assert.ok(e.message.includes('data.yaml'), e.message);
        assert.match(e.message, message);
        return true;
      });
    });
  }

  it('a data.yaml of a million repeated lines is refused at once (the YAML parser took minutes)', {
    timeout: 20_000,
  }, async () => {
    await writeFile(
      join(dir, 'base', 'data.yaml'),
      `train: images/train\nnames: [cat]\n${'kpt_shape: [3, 3]\n'.repeat(1_000_000)}`,
    );
    await assert.rejects(read(`${dir}/base`), (e: unknown) => {
      assert.ok(e instanceof AssayError, String(e));
      assert.equal(exitCodeFor(e), 2);
      assert.match(e.message, /data\.yaml is 17\.2 MB/);
      return true;
    });
  });
});
