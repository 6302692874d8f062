import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { toPosix } from '../paths.js';
import { defaultImagesRoot, findCocoFile } from './locate.js';

const io = createNodeFormatIO();
let root = '';
const at = (...parts: string[]) => toPosix(join(root, ...parts));

describe('coco: where the JSON and the images are', () => {
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-coco-locate-'));
    await mkdir(at('official', 'annotations'), { recursive: true });
    await mkdir(at('official', 'val2017'));
    await writeFile(at('official', 'annotations', 'person_keypoints_val2017.json'), '{"images": []}');
    await mkdir(at('exported', 'images'), { recursive: true });
    await writeFile(at('exported', 'annotations.json'), '{"images": []}');
    await mkdir(at('plain'));
    await writeFile(at('plain', 'labels.json'), '{"images": []}');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('official layout: annotations/<task>_<subset>.json → <root>/<subset>', async () => {
    const file = await findCocoFile(at('official'), io);
    assert.equal(file, at('official', 'annotations', 'person_keypoints_val2017.json'));
    assert.equal(await defaultImagesRoot(file, io), at('official', 'val2017'));
  });

  it("write()'s layout: annotations.json + images/", async () => {
    const file = await findCocoFile(at('exported'), io);
    assert.equal(file, at('exported', 'annotations.json'));
    assert.equal(await defaultImagesRoot(file, io), at('exported', 'images'));
  });

  it("otherwise the JSON's own folder; a folder without COCO files is NOT_FOUND", async () => {
    assert.equal(await defaultImagesRoot(at('plain', 'labels.json'), io), at('plain'));
    await assert.rejects(findCocoFile(at('plain'), io), { code: 'NOT_FOUND' });
  });
});
