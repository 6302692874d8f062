/**
 * Issue 10: long or deeply nested inputs blew the stack ("Maximum call stack size exceeded", exit 3):
 * a 1M-line YOLO label file (the reader spread a file's annotations into push), 130k+ duplicate boxes
 * on one image in `assay check` (issues spread into push), a COCO segmentation nested 100,000 levels
 * deep (JSON.stringify of the value for the problem message). Each now imports or checks, with the
 * bad record listed as a problem.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { emptyLookup, renderImage } from '../formats/conformance.js';
import { yolo } from '../formats/yolo/yolo-format.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject } from './project.js';
import { runChecks } from './run-checks.js';

describe('issue 10: long and deeply nested inputs do not blow the stack', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-long-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a YOLO label file of 1,000,000 lines is read', async () => {
    const root = join(dir, 'yolo');
    await renderImage(join(root, 'images', 'a.png'), 64, 48);
    await mkdir(join(root, 'labels'), { recursive: true });
    await writeFile(join(root, 'classes.txt'), 'cat\n');
    await writeFile(join(root, 'labels', 'a.txt'), '0 0.5 0.5 0.25 0.25\n'.repeat(1_000_000));
    const read = await yolo.read({
      path: root,
      source: 'ground_truth',
      io: createNodeFormatIO(),
      lookup: emptyLookup,
    });
    assert.equal(read.annotations.length, 1_000_000);
  });

  it('130,000 duplicate tiny boxes on one image import and check', async () => {
    const root = join(dir, 'coco');
    await renderImage(join(root, 'a.png'), 64, 48);
    const annotations = Array.from({ length: 130_000 }, (_, i) => ({
      id: i + 1,
      image_id: 1,
      category_id: 1,
      bbox: [10, 10, 1, 1],
      area: 1,
      iscrowd: 0,
    }));
    const file = join(root, 'instances.json');
    await writeFile(
      file,
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.png', width: 64, height: 48 }],
        categories: [{ id: 1, name: 'dot' }],
        annotations,
      }),
    );
    const project = join(dir, 'coco-project');
    await initProject(project);
    const p = await openProject(project);
    try {
      const summary = await importDataset(p, { format: 'coco', path: file });
      assert.equal(summary.annotations.total, 130_000);
      const checked = await runChecks(p);
      assert.ok((checked.issues.duplicate_label ?? 0) > 0, 'the duplicates are found');
    } finally {
      await p.close();
    }
  });

  it('a COCO segmentation nested 100,000 levels deep is a per-record problem', async () => {
    const root = join(dir, 'coco-deep');
    await mkdir(root, { recursive: true });
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const file = join(root, 'instances.json');
    await writeFile(
      file,
      `{"images":[{"id":1,"file_name":"a.png","width":64,"height":48}],"categories":[{"id":1,"name":"dot"}],` +
        `"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,5,5],"segmentation":${deep}},` +
        `{"id":2,"image_id":1,"category_id":1,"bbox":[1,1,5,5]}]}`,
    );
    const project = join(dir, 'deep-project');
    await initProject(project);
    const p = await openProject(project);
    try {
      const summary = await importDataset(p, { format: 'coco', path: file });
      assert.equal(summary.annotations.total, 1, 'the good annotation is imported');
      assert.ok(
        summary.problems.some((q) => q.severity === 'error' && /segmentation/.test(q.reason)),
        JSON.stringify(summary.problems),
      );
    } finally {
      await p.close();
    }
  });

  it('a COCO image field nested 100,000 levels deep is left out with a warning', async () => {
    const root = join(dir, 'coco-deep-image');
    await mkdir(root, { recursive: true });
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const file = join(root, 'instances.json');
    await writeFile(
      file,
      `{"images":[{"id":1,"file_name":"a.png","width":64,"height":48,"license":1,"flickr_url":${deep}}],` +
        `"categories":[{"id":1,"name":"dot"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,5,5]}]}`,
    );
    const project = join(dir, 'deep-image-project');
    await initProject(project);
    const p = await openProject(project);
    try {
      const summary = await importDataset(p, { format: 'coco', path: file });
      assert.equal(summary.annotations.total, 1);
      assert.ok(
        summary.problems.some((q) => q.severity === 'warning' && /flickr_url/.test(q.reason)),
        JSON.stringify(summary.problems),
      );
    } finally {
      await p.close();
    }
  });

  it('a YOLO export of 300,000 boxes (the writer spread every annotation into Math.max)', async () => {
    const annotations = Array.from({ length: 300_000 }, () => ({
      sample: 'a.png',
      source: 'ground_truth',
      kind: 'bbox' as const,
      label: 'cat',
      bbox: [1, 1, 4, 4] as [number, number, number, number],
    }));
    const out = join(dir, 'yolo-out');
    await mkdir(out, { recursive: true });
    const written = await yolo.write!({
      dataset: {
        classes: [{ name: 'cat' }],
        samples: [{ key: 'a.png', width: 64, height: 48 }],
        annotations,
      },
      imagesRoot: join(dir, 'yolo', 'images'),
      outDir: out,
      io: createNodeFormatIO(),
      images: 'none',
    });
    assert.ok(written.files.length > 0);
  });
});
