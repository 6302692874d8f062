/** Issue 11: `assay export voc --voc-flat` writes the devkit layout; other formats refuse the flag. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { callCli } from './test-kit/call-cli.js';

describe('issue 11: export voc --voc-flat', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-voc-flat-cli-'));
    await mkdir(join(dir, 'images', 'sub'), { recursive: true });
    await sharp({ create: { width: 30, height: 20, channels: 3, background: '#884422' } })
      .png()
      .toFile(join(dir, 'images', 'sub', 'x.png'));
    const coco = {
      images: [{ id: 1, file_name: 'sub/x.png', width: 30, height: 20 }],
      categories: [{ id: 1, name: 'cat' }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [2, 3, 10, 8], area: 80, iscrowd: 0 }],
    };
    await writeFile(join(dir, 'gt.json'), JSON.stringify(coco));
    assert.equal((await callCli(['init', 'p'], dir)).code, 0);
    const imported = await callCli(
      ['import', 'coco', join(dir, 'gt.json'), '--images', join(dir, 'images')],
      join(dir, 'p'),
    );
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('writes JPEGImages/<id>.jpg and image-keys.json; --voc-flat on another format is a usage error', async () => {
    const p = join(dir, 'p');
    const out = join(dir, 'voc');
    const run = await callCli(['export', 'voc', out, '--voc-flat'], p);
    assert.equal(run.code, 0, run.stderr);
    assert.match(`${run.stdout}${run.stderr}`, /converted to JPEG/);
    assert.equal((await readFile(join(out, 'ImageSets', 'Main', 'train.txt'), 'utf8')).trim(), 'sub__x');
    assert.equal((await sharp(join(out, 'JPEGImages', 'sub__x.jpg')).metadata()).format, 'jpeg');
    assert.deepEqual(JSON.parse(await readFile(join(out, 'image-keys.json'), 'utf8')), {
      sub__x: 'sub/x.png',
    });
    const bad = await callCli(['export', 'coco', join(dir, 'coco'), '--voc-flat'], p);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /--voc-flat does not apply to coco/);
    assert.equal(existsSync(join(dir, 'coco')), false);
  });
});
