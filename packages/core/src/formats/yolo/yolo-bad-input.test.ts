import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { yolo } from './yolo-format.js';

const io = createNodeFormatIO();
const read = (path: string) => yolo.read({ path, source: 'ground_truth', io, lookup: emptyLookup });

describe('yolo: bad input becomes problems or typed errors', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-yolo-bad-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  async function dataset(name: string, label: string): Promise<string> {
    const root = `${dir}/${name}`;
    await renderImage(`${root}/images/train/p.jpg`, 40, 20);
    await mkdir(`${root}/labels/train`, { recursive: true });
    await writeFile(`${root}/data.yaml`, 'train: images/train\nval: images/val\nnames: [a, b]\n');
    await writeFile(`${root}/labels/train/p.txt`, label);
    return root;
  }

  it('bad lines are skipped one by one, naming file and line; good lines are kept', async () => {
    const root = await dataset(
      'lines',
      [
        '0 0.5 0.5 0.5 0.5',
        '12 0.5 0.5 0.1 0.1',
        '0 0.5 0.5 0.1',
        '1 0.5 nan 0.1 0.1',
        '1 0.5 0.5 -0.1 0.1',
        '1 -0.5 0.5 0.1 0.1',
        'x 0.5 0.5 0.1 0.1',
        '1 0.25 0.25 0.5 0.5',
      ].join('\n'),
    );
    const r = await read(root);
    assert.deepEqual(
      r.annotations.map((a) => [a.label, a.bbox]),
      [
        ['a', [10, 5, 20, 10]],
        ['b', [0, 0, 20, 10]],
      ],
    );
    const errors = r.problems.filter((p) => p.severity === 'error');
    assert.deepEqual(
      errors.map((p) => p.record),
      ['line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7'],
    );
    assert.ok(errors.every((p) => p.file === `${root}/labels/train/p.txt`));
    const reasons = errors.map((p) => p.reason);
    assert.match(reasons[0] ?? '', /class id 12 is not in .*data\.yaml \(known ids 0\.\.1\)/);
    assert.match(reasons[1] ?? '', /3 values after the class id/);
    assert.match(reasons[2] ?? '', /"nan".* not a number/);
    assert.match(reasons[3] ?? '', /negative/);
    assert.match(reasons[4] ?? '', /-0\.5 is outside 0\.\.1/);
    assert.match(reasons[5] ?? '', /class id "x"/);
    assert.ok(
      r.problems.some((p) => p.severity === 'warning' && p.reason.includes('val split')),
      'missing val folder is a warning',
    );
  });

  it('an unreadable image: problem naming it, its labels skipped, the sample kept for scan', async () => {
    const root = await dataset('corrupt', '0 0.5 0.5 0.5 0.5\n');
    await writeFile(`${root}/images/train/p.jpg`, 'not a jpeg');
    const r = await read(root);
    assert.equal(r.annotations.length, 0);
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['p.jpg'],
    );
    assert.equal(r.problems.length, 2);
    assert.match(r.problems.find((p) => p.severity === 'error')?.reason ?? '', /images\/train\/p\.jpg/);
  });

  it('malformed data.yaml → PARSE_ERROR naming the file and line', async () => {
    const root = `${dir}/yaml`;
    await mkdir(root, { recursive: true });
    await writeFile(`${root}/data.yaml`, 'train: images/train\nnames: [a, b\nval: x\n');
    await assert.rejects(read(`${root}/data.yaml`), (error: unknown) => {
      assert.ok(error instanceof AssayError);
      assert.equal(error.code, 'PARSE_ERROR');
      assert.match(error.message, /data\.yaml is not valid YAML at line \d/);
      assert.ok(error.hint);
      return true;
    });
  });

  it('a folder that is no YOLO dataset → INVALID_INPUT with a hint', async () => {
    const root = `${dir}/empty`;
    await mkdir(root, { recursive: true });
    await writeFile(`${root}/notes.md`, 'hello');
    await assert.rejects(
      read(root),
      (error: unknown) => error instanceof AssayError && error.code === 'INVALID_INPUT',
    );
  });

  it('images without a single label file: imported as images, with a warning saying where labels go', async () => {
    const root = `${dir}/no-labels`;
    await renderImage(`${root}/train/images/p.jpg`, 40, 20);
    await renderImage(`${root}/train/images/q.jpg`, 40, 20);
    await mkdir(`${root}/train/labelz`, { recursive: true });
    await writeFile(`${root}/train/labelz/p.txt`, '0 0.5 0.5 0.5 0.5\n');
    await writeFile(`${root}/data.yaml`, 'train: train/images\nnames: [a, b]\n');
    const r = await read(root);
    assert.equal(r.samples.length, 2);
    assert.equal(r.annotations.length, 0);
    const warnings = r.problems.filter((p) => p.severity === 'warning');
    assert.deepEqual(
      warnings.map((p) => p.reason),
      ['none of the 2 images has a label file: imported as images without objects'],
    );
    assert.match(warnings[0]?.hint ?? '', /train\/labels\/a\.txt/);
  });
});
