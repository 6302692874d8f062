/**
 * Issue 10: MOTChallenge tracking files (motchallenge.net's format: gt/gt.txt rows `frame, id, bb_left,
 * bb_top, bb_width, bb_height, conf, class, visibility`, det/det.txt with conf the detector's score and
 * class -1, seqinfo.ini's [Sequence] imDir, imExt, imWidth, imHeight; CVAT's "MOT 1.1" adds
 * gt/labels.txt naming the classes by 1-based id). Written here from that description. Before: "Could
 * not tell which format", and there was no `import mot`.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { describeConformance, emptyLookup, renderImage } from '../conformance.js';
import { detectFormat } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';
import { mot } from './mot-format.js';

// Read only: the suite's cases all write first, so each is skipped with that reason.
describeConformance(mot);

const io = createNodeFormatIO();
const read = (path: string, source = 'ground_truth') => mot.read({ path, source, io, lookup: emptyLookup });

describe('issue 10: MOTChallenge', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-mot-')));
    // MOT17's layout: train/<sequence>/{seqinfo.ini, img1/, gt/gt.txt, det/det.txt}.
    const seq = `${dir}/MOT17/train/MOT17-02`;
    await mkdir(`${seq}/gt`, { recursive: true });
    await mkdir(`${seq}/det`, { recursive: true });
    for (const f of [1, 2, 3]) await renderImage(`${seq}/img1/${String(f).padStart(6, '0')}.jpg`, 32, 24);
    await writeFile(
      `${seq}/seqinfo.ini`,
      '[Sequence]\nname=MOT17-02\nimDir=img1\nframeRate=30\nseqLength=3\nimWidth=32\nimHeight=24\nimExt=.jpg\n',
    );
    await writeFile(
      `${seq}/gt/gt.txt`,
      '1,1,2,3,10,12,1,1,0.75\n2,1,3,3,10,12,1,1,1\n2,2,0,0,5,5,0,7,0.2\n3,3,1,1,2,2,1,99,1\nx,y\n',
    );
    await writeFile(`${seq}/det/det.txt`, '1,-1,2.5,3,10,12,0.9,-1,-1,-1\n');
    // CVAT's MOT 1.1 export: labels.txt beside gt.txt, no seqinfo.ini; a climbing imDir is not taken.
    const cvat = `${dir}/cvat`;
    await mkdir(`${cvat}/gt`, { recursive: true });
    await writeFile(`${cvat}/gt/labels.txt`, 'car\nperson\n');
    await writeFile(`${cvat}/gt/gt.txt`, '1,-1,4,4,8,8,1,2,1.0\n');
    await writeFile(`${cvat}/seqinfo.ini`, '[Sequence]\nimDir=../../../etc\nimExt=/../x\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a folder of sequences: every frame a sample, tracks, visibility, ignored rows, MOT17 classes', async () => {
    const r = await read(`${dir}/MOT17`);
    assert.deepEqual(
      r.samples.map((s) => [s.key, s.split, s.width, s.height]),
      [
        ['train/MOT17-02/img1/000001.jpg', 'train', 32, 24],
        ['train/MOT17-02/img1/000002.jpg', 'train', 32, 24],
        ['train/MOT17-02/img1/000003.jpg', 'train', 32, 24],
      ],
    );
    assert.deepEqual(
      r.classes.map((c) => c.name),
      ['pedestrian', 'static person'],
    );
    assert.deepEqual(
      r.annotations.map((a) => [a.sample.slice(-10), a.label, a.bbox, a.attributes, a.score]),
      [
        ['000001.jpg', 'pedestrian', [2, 3, 10, 12], { track_id: 1, visibility: 0.75 }, undefined],
        ['000002.jpg', 'pedestrian', [3, 3, 10, 12], { track_id: 1, visibility: 1 }, undefined],
        [
          '000002.jpg',
          'static person',
          [0, 0, 5, 5],
          { track_id: 2, visibility: 0.2, ignored: true },
          undefined,
        ],
      ],
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.record} ${p.reason}`),
      [
        "line 4 class 99 is not among the 13 of MOT17's classes",
        'line 5 not a MOT row (frame ≥ 1, id, left, top, width, height, …): x,y',
      ],
    );
    assert.ok(
      r.notes?.some((n) =>
        /det\/det\.txt not read \(ground truth was\): import it with --as prediction/.test(n),
      ),
    );
  });

  it('det.txt as predictions, CVAT’s labels.txt, and detection of a sequence, a parent and a file', async () => {
    const d = await read(`${dir}/MOT17/train/MOT17-02/det/det.txt`, 'prediction:dpm');
    assert.deepEqual(
      d.annotations.map((a) => [a.sample, a.label, a.bbox, a.score, a.attributes]),
      [['img1/000001.jpg', undefined, [2.5, 3, 10, 12], 0.9, undefined]],
    );
    const c = await read(`${dir}/cvat`);
    assert.deepEqual(
      c.classes.map((x) => x.name),
      ['car', 'person'],
    );
    assert.deepEqual(
      c.annotations.map((a) => [a.sample, a.label]),
      [['img1/000001.jpg', 'person']],
    );
    for (const path of [
      `${dir}/MOT17`,
      `${dir}/MOT17/train/MOT17-02`,
      `${dir}/MOT17/train/MOT17-02/gt/gt.txt`,
      `${dir}/cvat`,
    ])
      assert.equal((await detectFormat(formats, path, io)).format.id, 'mot', path);
  });
});
