/**
 * Issue 10 (formats in the wild): a COCO file (mmdetection's tests/data/coco_sample.json form: image
 * id 0, `info: null`, no image files) exported as YOLO and read back. Export wrote one note per missing
 * image ("images not found …, not copied (e.g. fake1.jpg)", then fake2.jpg, fake3.jpg); reading the
 * export back (its images/train folder absent) said "Imported 0 annotations on 0 samples" and exited 0.
 * Now the notes are counted and an import that finds no sample and no annotation is refused.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError, exitCodeFor } from '../errors.js';
import { exportDataset } from './export-dataset.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject } from './project.js';

describe('issue 10: an export without its images, read back', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-nothing-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('counts the images not copied in one note, and refuses the empty read back', async () => {
    await mkdir(join(dir, 'data'));
    const coco = join(dir, 'data', 'coco_sample.json');
    await writeFile(
      coco,
      JSON.stringify({
        images: [0, 1, 2].map((id) => ({ file_name: `fake${id + 1}.jpg`, height: 800, width: 800, id })),
        annotations: [0, 0, 1].map((image_id, i) => ({
          bbox: [0, 0, 20, 20],
          area: 400,
          score: 1,
          category_id: i === 1 ? 2 : 1,
          id: i + 1,
          image_id,
        })),
        categories: [
          { id: 1, name: 'bus', supercategory: 'none' },
          { id: 2, name: 'car', supercategory: 'none' },
        ],
        licenses: [],
        info: null,
      }),
    );
    const out = join(dir, 'yolo');
    const project = await openProject(await initProject(join(dir, 'p')));
    try {
      await importDataset(project, { format: 'coco', path: coco });
      const written = await exportDataset(project, { format: 'yolo', outDir: out });
      const missing = written.notes.filter((n) => n.includes('not copied'));
      assert.equal(missing.length, 1, written.notes.join('\n'));
      assert.match(
        missing[0] ?? '',
        /^3 × images not found under .*, not copied .*\(e\.g\. fake1\.jpg, fake2\.jpg, fake3\.jpg\)$/,
      );
    } finally {
      await project.close();
    }
    const back = await openProject(await initProject(join(dir, 'back')));
    try {
      await assert.rejects(importDataset(back, { format: 'yolo', path: out }), (e: unknown) => {
        assert.ok(e instanceof AssayError, String(e));
        assert.equal(e.code, 'INVALID_INPUT');
        assert.equal(exitCodeFor(e), 2);
        assert.match(e.message, /^Nothing imported: the read found no sample and no annotation/);
        assert.match(e.hint ?? '', /the train split \(.*images\/train\) does not exist/);
        return true;
      });
      assert.equal((await back.store.listClasses()).length, 0, 'nothing written');
    } finally {
      await back.close();
    }
  });
});
