/**
 * Issue 10 §2: an export that stops (an image it may not read, Ctrl-C) leaves nothing half-written:
 * the folder it created is removed, and an interruption is INTERRUPTED (exit 130), not a bug.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AssayError } from '../errors.js';
import { exportDataset } from './export-dataset.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';

describe('issue 10: a failed export leaves nothing behind', () => {
  let dir = '';
  let images = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue10-export-'));
    images = join(dir, 'images');
    await mkdir(images);
    const files = ['a.png', 'b.png', 'c.png'];
    for (const name of files) {
      await sharp({ create: { width: 20, height: 10, channels: 3, background: '#222' } })
        .png()
        .toFile(join(images, name));
    }
    const coco = join(dir, 'gt.json');
    await writeFile(
      coco,
      JSON.stringify({
        images: files.map((file_name, i) => ({ id: i + 1, file_name, width: 20, height: 10 })),
        annotations: files.map((_, i) => ({
          id: i + 1,
          image_id: i + 1,
          category_id: 1,
          bbox: [1, 1, 5, 5],
          area: 25,
          iscrowd: 0,
        })),
        categories: [{ id: 1, name: 'x' }],
      }),
    );
    project = await openProject(await initProject(join(dir, 'p')));
    await importDataset(project, { format: 'coco', path: coco, images });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('Ctrl-C (an aborted signal): INTERRUPTED and no folder', async () => {
    const out = join(dir, 'out-aborted');
    await assert.rejects(
      exportDataset(project, { format: 'coco', outDir: out, signal: AbortSignal.abort() }),
      (e: unknown) => e instanceof AssayError && e.code === 'INTERRUPTED',
    );
    assert.ok(!existsSync(out));
  });

  it('an image it must not read (a FIFO) stops the export, which removes its folder', async () => {
    const out = join(dir, 'out-fifo');
    const c = join(images, 'c.png');
    await unlink(c);
    execFileSync('mkfifo', [c]);
    await assert.rejects(
      exportDataset(project, { format: 'voc', outDir: out }),
      (e: unknown) => e instanceof AssayError && /named pipe/.test(e.message),
    );
    assert.ok(!existsSync(out), 'the half-written export folder is gone');
  });
});
