/**
 * Issue 11 ("the export states exactly what the target format cannot hold"): YOLO and the class-list
 * writers say when annotation attributes or keypoint names are left out, and stay silent when nothing is.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { classCsv } from './classification/class-csv-format.js';
import type { Dataset } from './dataset.js';
import { toPosix } from './paths.js';
import { yolo } from './yolo/yolo-format.js';

const io = createNodeFormatIO();

const pose: Dataset = {
  classes: [{ name: 'person', keypoints: ['nose', 'left_eye', 'right_eye', 'left_ear'] }],
  samples: [{ key: 'a.jpg', width: 100, height: 80 }],
  annotations: [
    {
      sample: 'a.jpg',
      source: 'ground_truth',
      kind: 'keypoints',
      label: 'person',
      bbox: [10, 10, 30, 40],
      keypoints: [12, 12, 2, 14, 12, 2, 16, 12, 1, 0, 0, 0],
      attributes: { occluded: true, annotator: 'kim' },
    },
    { sample: 'a.jpg', source: 'ground_truth', kind: 'keypoints', label: 'person', bbox: [50, 10, 20, 30] },
  ],
};

describe('issue 11: writers name the fields their format cannot hold', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-unwritten-')));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('YOLO pose: attributes and keypoint names are named as not written', async () => {
    const r = await yolo.write?.({
      dataset: pose,
      imagesRoot: dir,
      outDir: `${dir}/yolo`,
      io,
      images: 'none',
    });
    const notes = r?.notes ?? [];
    assert.ok(
      notes.includes(
        '1 annotation carries attributes (occluded, annotator) that a YOLO label line cannot hold; not written',
      ),
      notes.join('\n'),
    );
    assert.ok(
      notes.some(
        (n) =>
          n.startsWith('keypoint names not written') && n.includes('nose, left_eye, right_eye, … (4 in all)'),
      ),
      notes.join('\n'),
    );
  });

  it('YOLO: no note when nothing is lost', async () => {
    const plain: Dataset = {
      classes: [{ name: 'cat' }],
      samples: [{ key: 'a.jpg', width: 100, height: 80, split: 'val' }],
      annotations: [
        { sample: 'a.jpg', source: 'ground_truth', kind: 'bbox', label: 'cat', bbox: [1, 1, 5, 5] },
      ],
    };
    const r = await yolo.write?.({
      dataset: plain,
      imagesRoot: dir,
      outDir: `${dir}/plain`,
      io,
      images: 'none',
    });
    assert.ok(!(r?.notes ?? []).some((n) => /attributes|keypoint names/.test(n)), String(r?.notes));
  });

  it('class CSV: attributes of the written labels are named', async () => {
    const labels: Dataset = {
      classes: [{ name: 'cat' }],
      samples: [{ key: 'a.jpg' }, { key: 'b.jpg' }],
      annotations: [
        {
          sample: 'a.jpg',
          source: 'ground_truth',
          kind: 'classification',
          label: 'cat',
          attributes: { blurry: true },
        },
        {
          sample: 'b.jpg',
          source: 'ground_truth',
          kind: 'classification',
          label: 'cat',
          attributes: { blurry: false },
        },
      ],
    };
    const r = await classCsv.write?.({
      dataset: labels,
      imagesRoot: dir,
      outDir: `${dir}/csv`,
      io,
      images: 'none',
    });
    assert.ok(
      (r?.notes ?? []).includes(
        '2 annotations carry attributes (blurry) that a class list cannot hold; not written',
      ),
      String(r?.notes),
    );
  });
});
