/**
 * Issue 10 (formats in the wild): COCO files written by scripts on the machine that made them carry
 * absolute file_names (`C:\Users\me\data\img1.jpg`, `/home/me/data/img2.jpg`) or URLs. Every such image
 * was skipped ("the image path … is absolute") and with it every annotation: "Nothing imported". Now an
 * absolute path inside the images folder is made relative to it, any other absolute path or URL is read
 * as its file name with one warning, and two of one file name are not merged. Read whole and streamed.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import { toPosix } from '../paths.js';
import { readCoco } from './read.js';

const io = createNodeFormatIO();

describe('issue 10: COCO file_names that are absolute paths or URLs', () => {
  let dir = '';
  let file = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-coco-abs-')));
    file = `${dir}/instances.json`;
    const names = [
      'C:\\Users\\me\\data\\img1.jpg',
      '/home/me/data/sub/img2.jpg',
      `${dir}/images/sub/img3.jpg`,
      'http://host/x/img%204.jpg?raw=1',
      'D:\\other\\img1.jpg',
      '../img6.jpg',
    ];
    await writeFile(
      file,
      JSON.stringify({
        images: names.map((file_name, i) => ({ id: i + 1, file_name, width: 64, height: 48 })),
        annotations: names.map((_, i) => ({
          id: i + 1,
          image_id: i + 1,
          category_id: 1,
          bbox: [1, 2, 3, 4],
          area: 12,
          iscrowd: 0,
        })),
        categories: [{ id: 1, name: 'thing' }],
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const streamAbove of [undefined, 0]) {
    it(streamAbove === undefined ? 'read whole' : 'read as a stream', async () => {
      const r = await readCoco(
        { path: file, images: `${dir}/images`, source: 'ground_truth', io, lookup: emptyLookup },
        streamAbove === undefined ? {} : { streamAbove },
      );
      assert.deepEqual(
        r.samples.map((s) => [s.originalId, s.key]),
        [
          [1, 'img1.jpg'],
          [2, 'img2.jpg'],
          [3, 'sub/img3.jpg'],
          [4, 'img 4.jpg'],
        ],
      );
      assert.deepEqual(
        r.annotations.map((a) => a.sample),
        ['img1.jpg', 'img2.jpg', 'sub/img3.jpg', 'img 4.jpg'],
      );
      const reasons = r.problems.map((p) => `${p.severity} ${p.record}: ${p.reason}`);
      assert.ok(
        reasons.some((p) =>
          /^warning images: 3 file_names are an absolute path outside the images folder or a URL \(e\.g\. "C:\\Users\\me\\data\\img1\.jpg" → img1\.jpg, "\/home\/me\/data\/sub\/img2\.jpg" → img2\.jpg\); read as their file names/.test(
            p,
          ),
        ),
        reasons.join('\n'),
      );
      assert.ok(
        reasons.some((p) =>
          /^error images\[4\] \(id 5\): file_name "D:\\other\\img1\.jpg" read as img1\.jpg, which is also image 1's/.test(
            p,
          ),
        ),
        reasons.join('\n'),
      );
      assert.ok(
        reasons.some((p) =>
          /^error images\[5\] \(id 6\): the image path "\.\.\/img6\.jpg" leaves the images folder/.test(p),
        ),
        reasons.join('\n'),
      );
    });
  }
});

/**
 * file_names that already name the images/ folder (`images/a.jpg`, with the JSON beside images/):
 * the default images root was `<json folder>/images`, so every key pointed at images/images/a.jpg and
 * every file was "missing" at scan, nothing said at import. The first file_name now decides the root.
 */
describe('issue 10: COCO file_names that start with images/', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-coco-sub-')));
    await renderImage(`${dir}/images/a.jpg`, 8, 8);
    await renderImage(`${dir}/images/b.jpg`, 8, 8);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const coco = (names: string[]) =>
    JSON.stringify({
      images: names.map((file_name, i) => ({ id: i + 1, file_name, width: 8, height: 8 })),
      annotations: [],
      categories: [{ id: 1, name: 'x' }],
    });

  it('images/a.jpg beside the JSON: the root is the JSON folder; a.jpg: still images/', async () => {
    await writeFile(`${dir}/with-folder.json`, coco(['images/a.jpg', 'images/b.jpg']));
    await writeFile(`${dir}/plain.json`, coco(['a.jpg', 'b.jpg']));
    for (const [file, root] of [
      ['with-folder.json', dir],
      ['plain.json', `${dir}/images`],
    ] as const) {
      for (const streamAbove of [undefined, 0]) {
        const r = await readCoco(
          { path: `${dir}/${file}`, source: 'ground_truth', io, lookup: emptyLookup },
          streamAbove === undefined ? {} : { streamAbove },
        );
        assert.equal(r.imagesRoot, root, file);
      }
    }
  });
});

/**
 * Absolute file_names from another machine whose images sit in subfolders of the images folder
 * (`/home/x/ds/images/train/a.jpg` with images/train/a.jpg here): they were read by file name alone
 * (a.jpg), so scan found none of them. The longest end of the path naming a file under the images
 * folder is now the key; an end naming several files is reported and read by file name, as before.
 */
describe('issue 10: foreign COCO file_names of images in subfolders', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-coco-deep-')));
    for (const path of ['train/a.jpg', 'val/a.jpg', 'sub/b.jpg', 'c.jpg'])
      await renderImage(`${dir}/images/${path}`, 8, 8);
    const names = [
      '/home/x/ds/images/train/a.jpg',
      'C:\\data\\imgs\\val\\a.jpg',
      'C:\\data\\imgs\\sub\\b.jpg',
      '/elsewhere/c.jpg',
      '/q/other/a.jpg',
      'D:\\x\\d.jpg',
    ];
    await writeFile(
      `${dir}/annotations.json`,
      JSON.stringify({
        images: names.map((file_name, i) => ({ id: i + 1, file_name, width: 8, height: 8 })),
        annotations: names.map((_, i) => ({
          id: i + 1,
          image_id: i + 1,
          category_id: 1,
          bbox: [1, 1, 2, 2],
        })),
        categories: [{ id: 1, name: 'x' }],
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const streamAbove of [undefined, 0]) {
    it(streamAbove === undefined ? 'read whole' : 'read as a stream', async () => {
      const r = await readCoco(
        { path: `${dir}/annotations.json`, source: 'ground_truth', io, lookup: emptyLookup },
        streamAbove === undefined ? {} : { streamAbove },
      );
      assert.equal(r.imagesRoot, `${dir}/images`);
      assert.deepEqual(
        r.samples.map((s) => s.key),
        ['train/a.jpg', 'val/a.jpg', 'sub/b.jpg', 'c.jpg', 'a.jpg', 'd.jpg'],
      );
      assert.deepEqual(
        r.annotations.map((a) => a.sample),
        ['train/a.jpg', 'val/a.jpg', 'sub/b.jpg', 'c.jpg', 'a.jpg', 'd.jpg'],
      );
      const reasons = r.problems.map((p) => `${p.severity} ${p.record}: ${p.reason}`);
      assert.ok(
        reasons.some((p) =>
          p.includes(
            `6 file_names are an absolute path outside the images folder or a URL (e.g. "/home/x/ds/images/train/a.jpg" → train/a.jpg, "C:\\data\\imgs\\val\\a.jpg" → val/a.jpg); read as the file under ${dir}/images that ends their paths the longest (else as their file names)`,
          ),
        ),
        reasons.join('\n'),
      );
      assert.ok(
        reasons.some((p) =>
          p.includes(
            `1 file_name could name several files under ${dir}/images (e.g. "/q/other/a.jpg" (train/a.jpg, val/a.jpg)); read as its file name`,
          ),
        ),
        reasons.join('\n'),
      );
    });
  }
});
