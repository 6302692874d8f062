/**
 * Issue 10 (photos in the wild): `.jfif` (JPEG as browsers save some), `.mpo` (a camera's
 * multi-picture JPEG, as Pillow's Tests/images/sugarshack.mpo), `.heif` and `.avifs` files were
 * "non-image files ignored" by every importer; they are images (the scan says which it cannot decode).
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { classFolders } from './class-folders-format.js';

describe('issue 10: image files by their other extensions', () => {
  it('class folders read .jfif, .jpe, .mpo, .heif and .avifs files as images', async () => {
    const dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-photo-ext-')));
    try {
      await renderImage(`${dir}/cat/a.jpg`, 8, 8);
      for (const name of ['b.jfif', 'c.jpe', 'd.mpo', 'e.heif', 'f.avifs'])
        await copyFile(`${dir}/cat/a.jpg`, `${dir}/cat/${name}`);
      const io = createNodeFormatIO();
      const r = await classFolders.read({ path: dir, source: 'ground_truth', io, lookup: emptyLookup });
      assert.deepEqual(r.samples.map((s) => s.key).sort(), [
        'cat/a.jpg',
        'cat/b.jfif',
        'cat/c.jpe',
        'cat/d.mpo',
        'cat/e.heif',
        'cat/f.avifs',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
