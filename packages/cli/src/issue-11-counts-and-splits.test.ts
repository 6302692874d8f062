/**
 * Issue 11 end to end (the real CLI, real files, a real project): export counts what it wrote and
 * refuses to report success when it wrote nothing (defect 11); COCO export writes one file per split
 * and reads them back with their splits (defect 12); an import that keeps nothing is refused and
 * writes nothing; flags that cannot apply are refused (defect 2); Label Studio tasks whose images are
 * URLs keep their annotations and `assay scan` reports the files missing (defect 3).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { callCli } from './test-kit/call-cli.js';
import { type CliRun, json } from './test-kit/run-cli.js';

interface ExportJson {
  annotations: number;
  given: number;
  files: string[];
  notes: string[];
}
interface Info {
  samples: number;
  annotations: { total: number; by_source: Record<string, { total: number }> };
  splits: Record<string, number>;
  scan: Record<string, number>;
}

function assertUserError(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit code 2 expected (got ${run.code}):\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stderr, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for a user mistake');
}

const image = (id: number, file_name: string) => ({ id, file_name, width: 64, height: 48 });
const box = (id: number, image_id: number, category_id: number, bbox: number[]) => ({
  id,
  image_id,
  category_id,
  bbox,
  area: (bbox[2] ?? 0) * (bbox[3] ?? 0),
  iscrowd: 0,
});
const categories = [
  { id: 1, name: 'cat' },
  { id: 2, name: 'dog' },
];

describe('issue 11: counts, splits and refusals through the CLI', () => {
  let dir = '';
  let project = '';
  const cli = (args: string[], cwd = project) => callCli(args, cwd);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue-11-'));
    const images = join(dir, 'images');
    await mkdir(images);
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg'])
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#446' } })
        .jpeg()
        .toFile(join(images, name));
    // train: a.jpg with 2 boxes and 1 image-level label (a record with a category and no geometry).
    await writeFile(
      join(dir, 'train.json'),
      JSON.stringify({
        images: [image(1, 'a.jpg')],
        categories,
        annotations: [
          box(1, 1, 1, [1, 2, 10, 12]),
          box(2, 1, 2, [20, 5, 8, 9]),
          { id: 3, image_id: 1, category_id: 2 },
        ],
      }),
    );
    await writeFile(
      join(dir, 'val.json'),
      JSON.stringify({
        images: [image(1, 'b.jpg')],
        categories,
        annotations: [box(1, 1, 2, [3, 3, 30, 20])],
      }),
    );
    project = join(dir, 'project');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    for (const split of ['train', 'val']) {
      const run = await cli([
        'import',
        'coco',
        join(dir, `${split}.json`),
        '--images',
        images,
        '--split',
        split,
      ]);
      assert.equal(run.code, 0, run.stderr);
    }
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('export voc counts the 3 boxes it wrote, not the 4 annotations handed in', async () => {
    const out = join(dir, 'voc');
    const run = await cli(['export', 'voc', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Wrote 3 annotations on 2 samples as voc/m);
    assert.match(run.stdout, /^1 of the 4 annotations of ground_truth were not written/m);
    const again = json<ExportJson>(await cli(['export', 'voc', join(dir, 'voc-json'), '--json']));
    assert.equal(again.annotations, 3);
    assert.equal(again.given, 4);
  });

  it('export coco writes one instances file per split, and importing the folder keeps the splits', async () => {
    const out = join(dir, 'coco');
    const summary = json<ExportJson>(await cli(['export', 'coco', out, '--json']));
    assert.equal(summary.annotations, 4, 'COCO holds boxes and image-level labels');
    for (const split of ['train', 'val'])
      assert.ok(existsSync(join(out, 'annotations', `instances_${split}.json`)));
    assert.ok(!existsSync(join(out, 'annotations.json')));
    const val = JSON.parse(readFileSync(join(out, 'annotations', 'instances_val.json'), 'utf8'));
    assert.deepEqual(
      val.images.map((i: { file_name: string }) => i.file_name),
      ['b.jpg'],
    );
    assert.equal(val.annotations.length, 1);
    const fresh = join(dir, 'fresh');
    assert.equal((await callCli(['init', fresh], dir)).code, 0);
    const imported = await callCli(['import', 'coco', out, '--json'], fresh);
    assert.equal(imported.code, 0, imported.stderr);
    const info = json<Info>(await callCli(['info', '--json'], fresh));
    assert.deepEqual(info.splits, { train: 1, val: 1 });
    assert.equal(info.annotations.total, 4);
  });

  it('export coco --single-file writes one annotations.json; --single-file elsewhere is refused', async () => {
    const out = join(dir, 'coco-single');
    assert.equal((await cli(['export', 'coco', out, '--single-file'])).code, 0);
    assert.ok(existsSync(join(out, 'annotations.json')));
    assert.ok(!existsSync(join(out, 'annotations')));
    assertUserError(
      await cli(['export', 'yolo', join(dir, 'y'), '--single-file']),
      /--single-file does not apply to yolo/,
    );
  });

  it('export that writes no annotation exits 2: class-folders of a box project, an unknown source', async () => {
    assertUserError(
      await cli(['export', 'class-folders', join(dir, 'folders'), '--no-images']),
      /Nothing exported as class-folders/,
    );
    assertUserError(
      await cli(['export', 'yolo', join(dir, 'nobody'), '--source', 'annotator:nobody']),
      /no label source "annotator:nobody"/,
    );
  });

  it('an import whose every record is skipped exits 2 and writes nothing', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ images: [image(1, 'c.jpg')], categories, annotations: [box(1, 1, 99, [1, 1, 5, 5])] }),
    );
    const before = json<Info>(await cli(['info', '--json']));
    assertUserError(
      await cli(['import', 'coco', bad, '--as', 'annotator:x']),
      /Nothing imported: no annotation was kept and 1 record was skipped[^]*category_id 99 is not in categories[^]*Add the category or drop the annotation/,
    );
    const after = json<Info>(await cli(['info', '--json']));
    assert.equal(after.samples, before.samples, 'no sample written');
  });

  it('--pick and --map-prefix on a format that does not use them exit 2', async () => {
    assertUserError(
      await cli(['import', 'coco', join(dir, 'val.json'), '--pick', 'latest']),
      /--pick does not apply to coco/,
    );
    assertUserError(
      await cli(['import', 'coco', join(dir, 'val.json'), '--map-prefix', 's3://b/=/data/']),
      /--map-prefix does not apply to coco/,
    );
  });

  it('label-studio: URL images keep their annotations, --as ground_truth wins, scan reports the files missing', async () => {
    const ls = join(dir, 'ls.json');
    const rect = (id: string) => ({
      id,
      type: 'rectanglelabels',
      from_name: 'label',
      to_name: 'image',
      original_width: 64,
      original_height: 48,
      value: { x: 10, y: 10, width: 20, height: 20, rotation: 0, rectanglelabels: ['cat'] },
    });
    await writeFile(
      ls,
      JSON.stringify([
        {
          id: 1,
          data: { image: 's3://bucket/x/a.jpg' },
          annotations: [{ id: 1, completed_by: 1, result: [rect('r1')] }],
        },
        {
          id: 2,
          data: { image: 's3://bucket/x/gone.jpg' },
          annotations: [{ id: 2, completed_by: 2, result: [rect('r2')] }],
        },
      ]),
    );
    const p = join(dir, 'ls-project');
    assert.equal((await callCli(['init', p], dir)).code, 0);
    const run = await callCli(
      ['import', 'label-studio', ls, '--images', join(dir, 'images'), '--as', 'ground_truth'],
      p,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /1 image reference was not found/);
    assert.equal((await callCli(['scan'], p)).code, 0);
    const info = json<Info>(await callCli(['info', '--json'], p));
    assert.equal(
      info.annotations.by_source.ground_truth?.total,
      2,
      'two annotators, one annotation per task, as --as',
    );
    assert.equal(info.samples, 2);
    assert.equal(info.scan.missing, 1, 'x/gone.jpg');
  });
});
