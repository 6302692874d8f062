/**
 * Issue 10: CelebA (Liu et al., "Deep Learning Face Attributes in the Wild", ICCV 2015). Its release:
 * Anno/list_attr_celeba.txt (a count line, a line of the 40 attribute names, then "000001.jpg -1  1 …"),
 * Anno/identity_CelebA.txt ("000001.jpg 2880"), Anno/list_bbox_celeba.txt (count, "image_id x_1 y_1 width
 * height", rows), Anno/list_landmarks_celeba.txt and list_landmarks_align_celeba.txt (count,
 * "lefteye_x lefteye_y … rightmouth_y", rows), Eval/list_eval_partition.txt ("000001.jpg 0": 0 train,
 * 1 val, 2 test), Img/img_celeba/ and Img/img_align_celeba/. torchvision downloads the same files flat
 * beside img_align_celeba/; Kaggle has them as .csv with an image_id header. Written here from that
 * description. Before: "Could not tell which format".
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { celeba } from './celeba-format.js';

describeConformance(celeba);

const io = createNodeFormatIO();
const read = (path: string) => celeba.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
const LANDMARKS =
  'lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y';

describe('issue 10: CelebA', () => {
  let dir = '';
  const put = async (f: string, body: string) => {
    await mkdir(join(dir, f, '..'), { recursive: true });
    await writeFile(join(dir, f), body);
  };
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-celeba-')));
    await mkdir(`${dir}/release/Img/img_celeba`, { recursive: true });
    await put(
      'release/Anno/list_attr_celeba.txt',
      '2\nBald Eyeglasses Smiling\n000001.jpg -1  1  1\n000002.jpg  1 -1 -1\n',
    );
    await put('release/Anno/identity_CelebA.txt', '000001.jpg 2880\n000002.jpg 2937\n');
    await put(
      'release/Anno/list_bbox_celeba.txt',
      '2\nimage_id x_1 y_1 width height\n000001.jpg    95  71 226 313\n000002.jpg    72  94 221 0\n',
    );
    await put(
      'release/Anno/list_landmarks_celeba.txt',
      `1\n${LANDMARKS}\n000001.jpg 165  184  244  176  196  249  194  271  266  260\n`,
    );
    await put('release/Eval/list_eval_partition.txt', '000001.jpg 0\n000002.jpg 2\n');
    // torchvision's flat layout with the aligned images, and the boxes of the in-the-wild ones.
    await mkdir(`${dir}/flat/img_align_celeba`, { recursive: true });
    await put(
      'flat/list_landmarks_align_celeba.txt',
      `1\n${LANDMARKS}\n000003.jpg 69 109 106 113 77 142 73 152 108 154\n`,
    );
    await put('flat/list_bbox_celeba.txt', '1\nimage_id x_1 y_1 width height\n000003.jpg 216 59 91 126\n');
    // Kaggle's CSVs.
    await put('kaggle/list_attr_celeba.csv', 'image_id,Bald,Smiling\n000004.jpg,-1,1\n');
    await put('kaggle/list_eval_partition.csv', 'image_id,partition\n000004.jpg,1\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('the release: attributes set to 1 as labels, identity metadata, splits, landmarks with their box', async () => {
    for (const p of [`${dir}/release`, `${dir}/release/Anno`])
      assert.equal((await detectFormat(formats, p, io)).format.id, 'celeba', p);
    const r = await read(`${dir}/release`);
    assert.equal(r.imagesRoot, `${dir}/release/Img/img_celeba`);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.metadata?.identity]),
      [
        ['000001.jpg', 'train', '2880'],
        ['000002.jpg', 'test', '2937'],
      ],
    );
    assert.deepEqual(
      r.classes.map((c) => [c.name, c.keypoints?.join(' ')]),
      [
        ['Bald', undefined],
        ['Eyeglasses', undefined],
        ['Smiling', undefined],
        ['face', 'lefteye righteye nose leftmouth rightmouth'],
      ],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample, a.kind, a.label, a.bbox, a.keypoints?.slice(0, 3)]),
      [
        ['000001.jpg', 'classification', 'Eyeglasses', undefined, undefined],
        ['000001.jpg', 'classification', 'Smiling', undefined, undefined],
        ['000002.jpg', 'classification', 'Bald', undefined, undefined],
        ['000001.jpg', 'keypoints', 'face', [95, 71, 226, 313], [165, 184, 2]],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => [p.file.slice(dir.length + 1), p.record]),
      [['release/Anno/list_bbox_celeba.txt', 'line 4']],
    );
  });

  it("torchvision's flat aligned layout (boxes left out) and Kaggle's CSVs; other folders are not CelebA", async () => {
    const flat = await read(`${dir}/flat`);
    assert.equal(flat.imagesRoot, `${dir}/flat/img_align_celeba`);
    assert.deepEqual(
      flat.annotations.map((a) => [a.kind, a.bbox]),
      [['keypoints', [69, 109, 39, 45]]],
    );
    assert.ok(
      flat.notes?.some((n) =>
        /list_bbox_celeba.txt not read: its boxes are of the in-the-wild images/.test(n),
      ),
    );
    const kaggle = await read(`${dir}/kaggle`);
    assert.deepEqual(
      kaggle.samples.map((s) => [s.key, s.split]),
      [['000004.jpg', 'val']],
    );
    assert.deepEqual(
      kaggle.annotations.map((a) => a.label),
      ['Smiling'],
    );
    await put('other/train.txt', 'a.jpg 0\n');
    assert.equal(await celeba.detect(`${dir}/other`, io), undefined);
    await assert.rejects(
      read(`${dir}/other`),
      (e: unknown) => e instanceof AssayError && /is not a CelebA dataset/.test(e.message),
    );
  });
});
