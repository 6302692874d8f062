/**
 * Issue 10 (photos in the wild): a folder of photos without annotations could not be imported at all
 * ("Could not tell which format"; class-folders: "the image is not inside a class folder" for each), so
 * none of scan, embed, check or the app could look at them. image-folder reads each image as a sample.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat, rankFormats } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { imageFolder } from './image-folder-format.js';

const io = createNodeFormatIO();

// read only: the conformance suite runs the cases that only read (describeConformance skips the writing ones)
describeConformance(imageFolder);

describe('issue 10: a folder of photos without annotations', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-image-folder-')));
    await renderImage(`${dir}/photos/IMG_0001.jpg`, 16, 12);
    await renderImage(`${dir}/photos/2019/IMG_0002.png`, 16, 12);
    await writeFile(`${dir}/photos/.DS_Store`, 'x');
    await writeFile(`${dir}/photos/Thumbs.db`, 'x');
    await renderImage(`${dir}/nested/a/1.jpg`, 8, 8);
    await renderImage(`${dir}/nested/b/2.jpg`, 8, 8);
    await renderImage(`${dir}/labelled/1.jpg`, 8, 8);
    await writeFile(`${dir}/labelled/1.txt`, '0 0.5 0.5 0.2 0.2\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('import auto names it as a guess for photos at the top of a folder; every image a sample', async () => {
    await assert.rejects(detectFormat(formats, `${dir}/photos`, io), (e: unknown) => {
      assert.ok(e instanceof AssayError, String(e));
      assert.match(
        e.hint ?? '',
        /Weak guesses: image-folder \(45%: 2 images and no annotation file; `assay import image-folder` reads them without labels\)/,
      );
      return true;
    });
    const r = await imageFolder.read({
      path: `${dir}/photos`,
      source: 'ground_truth',
      io,
      lookup: emptyLookup,
    });
    assert.deepEqual(
      r.samples.map((s) => s.key),
      ['2019/IMG_0002.png', 'IMG_0001.jpg'],
    );
    assert.deepEqual([r.annotations.length, r.classes.length, r.imagesRoot], [0, 0, `${dir}/photos`]);
    assert.deepEqual(r.notes, ['2 images, no annotations', '2 other files left out']);
  });

  it('no guess when every image is in a sub-folder (class folders?) or beside annotation files', async () => {
    const nested = await rankFormats(formats, `${dir}/nested`, io);
    assert.deepEqual(
      nested.map((r) => r.format.id),
      ['class-folders'],
    );
    assert.equal(await imageFolder.detect(`${dir}/labelled`, io), undefined);
  });
});
