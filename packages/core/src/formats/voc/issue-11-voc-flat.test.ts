/**
 * Issue 11: a VOC export of keys in sub-folders or of non-JPEG images kept JPEGImages/<folders>/<file>,
 * where the devkit and torchvision's VOCDetection look for JPEGImages/<id>.jpg (torchvision:
 * `os.path.join(image_dir, x + ".jpg")` for each id x of ImageSets/Main/<split>.txt, and
 * `Annotations/x.xml`). `--voc-flat` (WriteInput.flat) writes that layout.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { emptyLookup, renderImage } from '../conformance.js';
import type { Dataset } from '../dataset.js';
import { toPosix } from '../paths.js';
import { voc } from './voc-format.js';

const io = createNodeFormatIO();

// Keys in sub-folders, a PNG, a WebP, and a key whose flat id clashes with another's (a/x.png → a__x).
const SAMPLES = [
  { key: 'a/x.png', width: 40, height: 30, split: 'train' },
  { key: 'b/x.png', width: 36, height: 24, split: 'train' },
  { key: 'a__x.jpg', width: 20, height: 20, split: 'val' },
  { key: 'c.jpg', width: 32, height: 32, split: 'val' },
  { key: 'deep/er/d.webp', width: 28, height: 22, split: 'val' },
];

describe('issue 11: VOC devkit-flat export (--voc-flat)', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-voc-flat-')));
    for (const [i, s] of SAMPLES.entries()) {
      if (!s.key.endsWith('.webp')) await renderImage(`${dir}/src/${s.key}`, s.width, s.height, i + 1);
      else {
        // A WebP with an alpha channel: flattened onto white in the JPEG.
        await mkdir(`${dir}/src/deep/er`, { recursive: true });
        await sharp({ create: { width: s.width, height: s.height, channels: 4, background: '#33669980' } })
          .webp()
          .toFile(`${dir}/src/${s.key}`);
      }
    }
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('writes JPEGImages/<id>.jpg for every id in ImageSets, converting non-JPEG, with unique ids and a key map', async () => {
    const dataset: Dataset = {
      classes: [{ name: 'cat' }],
      samples: SAMPLES,
      annotations: SAMPLES.map((s) => ({
        sample: s.key,
        source: 'ground_truth',
        kind: 'bbox' as const,
        label: 'cat',
        bbox: [1, 2, 10, 12] as [number, number, number, number],
      })),
    };
    assert.ok(voc.write);
    const out = `${dir}/out`;
    const result = await voc.write({ dataset, imagesRoot: `${dir}/src`, outDir: out, io, flat: true });
    assert.equal(result.annotations, 5);
    assert.ok(
      result.notes.some((n) => /converted to JPEG/.test(n)),
      String(result.notes),
    );
    assert.ok(!result.notes.some((n) => /sub-folders kept/.test(n)), String(result.notes));

    const ids: string[] = [];
    for (const split of ['train', 'val'])
      ids.push(...(await readFile(`${out}/ImageSets/Main/${split}.txt`, 'utf8')).trim().split('\n'));
    assert.deepEqual(ids, ['a__x', 'b__x', 'a__x_2', 'c', 'deep__er__d']);
    // JPEGImages is flat: exactly one <id>.jpg per id, nothing else.
    assert.deepEqual((await readdir(`${out}/JPEGImages`)).sort(), ids.map((id) => `${id}.jpg`).sort());
    const keys = JSON.parse(await readFile(`${out}/image-keys.json`, 'utf8')) as Record<string, string>;
    for (const [i, id] of ids.entries()) {
      const s = SAMPLES[i]!;
      assert.equal(keys[id], s.key);
      const meta = await sharp(`${out}/JPEGImages/${id}.jpg`).metadata();
      assert.equal(meta.format, 'jpeg', id);
      assert.deepEqual([meta.width, meta.height], [s.width, s.height], id);
      const xml = await readFile(`${out}/Annotations/${id}.xml`, 'utf8');
      assert.match(xml, new RegExp(`<filename>${id}\\.jpg</filename>`));
    }
    // A JPEG source is copied byte for byte.
    assert.deepEqual(await readFile(`${out}/JPEGImages/c.jpg`), await readFile(`${dir}/src/c.jpg`));

    // Assay reads it back: one sample per id, named <id>.jpg, boxes as written.
    const back = await voc.read({ path: out, source: 'ground_truth', io, lookup: emptyLookup });
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.samples.map((s) => s.key).sort(), ids.map((id) => `${id}.jpg`).sort());
    assert.ok(back.annotations.every((a) => JSON.stringify(a.bbox) === '[1,2,10,12]'));
  });
});
