import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { toPosix } from '../paths.js';
import { defaultImagesRoot, findCocoFiles } from './locate.js';

const io = createNodeFormatIO();
/** The one file findCocoFiles names for a folder holding one COCO file. */
const findCocoFile = async (path: string): Promise<string> => {
  const files = await findCocoFiles(path, io, []);
  assert.equal(files.length, 1);
  return (files[0] as { file: string }).file;
};
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
    await mkdir(at('stuff', 'annotations'), { recursive: true });
    await writeFile(at('stuff', 'annotations', 'stuff_train.json'), '{"images": []}');
    await writeFile(at('stuff', 'annotations', 'stuff_val.json'), '{"images": []}');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('official layout: annotations/<task>_<subset>.json → <root>/<subset>', async () => {
    const file = await findCocoFile(at('official'));
    assert.equal(file, at('official', 'annotations', 'person_keypoints_val2017.json'));
    assert.equal(await defaultImagesRoot(file, io), at('official', 'val2017'));
  });

  it("write()'s layout: annotations.json + images/", async () => {
    const file = await findCocoFile(at('exported'));
    assert.equal(file, at('exported', 'annotations.json'));
    assert.equal(await defaultImagesRoot(file, io), at('exported', 'images'));
  });

  it("otherwise the JSON's own folder; a folder without COCO files is NOT_FOUND", async () => {
    assert.equal(await defaultImagesRoot(at('plain', 'labels.json'), io), at('plain'));
    await assert.rejects(findCocoFile(at('plain')), { code: 'NOT_FOUND' });
  });

  it('a folder of other COCO task files only (stuff) names them and the command that reads one', async () => {
    await assert.rejects(findCocoFile(at('stuff')), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'NOT_FOUND');
      assert.match(e.message, /other COCO task files: stuff_train\.json, stuff_val\.json/);
      assert.equal(
        e.hint,
        `Import one by its path: assay import coco ${at('stuff', 'annotations', 'stuff_train.json')}`,
      );
      return true;
    });
  });
});
