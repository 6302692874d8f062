/** Bad input to the COCO evaluation loaders: each is refused with a message naming examples, or warned. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { evaluateCoco } from './evaluate-coco.js';
import { loadCocoDetections } from './load-detections.js';
import { loadCocoGroundTruth } from './load-ground-truth.js';

const GT = {
  images: [
    { id: 7, width: 100, height: 80 },
    { id: 3, width: 100, height: 80 },
  ],
  categories: [
    { id: 1, name: 'cat' },
    { id: 2, name: 'dog' },
  ],
  annotations: [
    { id: 1, image_id: 7, category_id: 1, bbox: [10, 10, 20, 20], area: 400, iscrowd: 0 },
    { id: 2, image_id: 3, category_id: 2, bbox: [50, 40, 30, 30], area: 900, iscrowd: 0 },
  ],
};

function rejects(fn: () => unknown, pattern: RegExp): AssayError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AssayError, String(error));
    assert.match(error.message, pattern);
    assert.ok(error.hint && error.hint.length > 0, 'has a hint');
    return error;
  }
  return assert.fail('did not throw');
}

const dataset = loadCocoGroundTruth(GT);
const det = (over: Record<string, unknown>) => ({
  image_id: 7,
  category_id: 1,
  bbox: [10, 10, 20, 20],
  score: 0.9,
  ...over,
});

describe('COCO evaluation: bad input', () => {
  it('refuses detections on image ids the ground truth lacks, naming them', () => {
    rejects(
      () => loadCocoDetections([det({}), det({ image_id: 99 }), det({ image_id: 98 })], dataset),
      /2 \(e\.g\. 99, 98\) image ids of results are not in the ground truth/,
    );
  });

  it('warns (and skips, as pycocotools) detections of unknown categories', () => {
    const r = loadCocoDetections([det({}), det({ category_id: 55 })], dataset);
    assert.match(
      r.warnings.join('\n'),
      /1 \(e\.g\. 55\) category ids of results are not in the ground truth/,
    );
    const e = evaluateCoco(dataset, r);
    assert.equal(e.images.dtOrder.length, 1);
  });

  it('refuses malformed boxes: wrong length, NaN, negative size (indices named)', () => {
    rejects(
      () => loadCocoDetections([det({}), det({ bbox: [1, 2, 3] })], dataset),
      /1 \(e\.g\. 1\) results have no valid "bbox"/,
    );
    rejects(
      () => loadCocoDetections([det({ bbox: [1, 2, null, 4] })], dataset),
      /results have no valid "bbox"/,
    );
    const e = rejects(
      () => loadCocoDetections([det({}), det({}), det({ bbox: [30, 30, 10, -5] })], dataset),
      /1 \(e\.g\. 2\) results have a bbox with negative width or height/,
    );
    assert.match(e.hint!, /\[x1, y1, x2, y2\]/);
  });

  it('refuses missing and non-finite scores', () => {
    rejects(
      () => loadCocoDetections([det({ score: null }), det({ score: undefined })], dataset),
      /2 \(e\.g\. 0, 1\) results have a missing or non-finite "score"/,
    );
  });

  it('evaluates an empty results list as all zeros, with a warning', () => {
    const r = loadCocoDetections([], dataset);
    assert.match(r.warnings[0]!, /results list is empty/);
    const e = evaluateCoco(dataset, r);
    assert.deepEqual(e.summary.stats.slice(0, 3), [0, 0, 0]);
  });

  it('refuses a results file that is not a list (and spots a dataset passed as results)', () => {
    const e = rejects(() => loadCocoDetections(GT, dataset), /is not a list of results/);
    assert.match(e.hint!, /looks like a COCO dataset/);
    rejects(() => loadCocoDetections('x', dataset), /is not a list of results/);
  });

  it('refuses a ground truth without annotations, or a list passed as ground truth', () => {
    rejects(
      () => loadCocoGroundTruth({ images: GT.images, categories: GT.categories }),
      /has no "annotations" list/,
    );
    const e = rejects(() => loadCocoGroundTruth([det({})]), /is a list, not a COCO dataset/);
    assert.match(e.hint!, /--dt/);
  });

  it('warns about ground truth on unknown images and without area', () => {
    const ds = loadCocoGroundTruth({
      ...GT,
      annotations: [...GT.annotations, { id: 9, image_id: 1234, category_id: 1, bbox: [0, 0, 5, 5] }],
    });
    assert.match(ds.warnings.join('\n'), /1 \(e\.g\. 9\) annotations refer to image ids not in "images"/);
    const ds2 = loadCocoGroundTruth({
      ...GT,
      annotations: [{ id: 1, image_id: 7, category_id: 1, bbox: [0, 0, 5, 4] }],
    });
    assert.match(ds2.warnings.join('\n'), /have no "area"; their box/);
    assert.equal(ds2.gt.areas[0], 20);
  });

  it('refuses unreadable masks in segm evaluation, naming the results', () => {
    const segm = loadCocoGroundTruth(
      { ...GT, annotations: [{ ...GT.annotations[0], segmentation: [[10, 10, 30, 10, 30, 30, 10, 30]] }] },
      { iouType: 'segm' },
    );
    rejects(
      () =>
        loadCocoDetections(
          [{ image_id: 7, category_id: 1, score: 1, segmentation: { size: [80, 100], counts: '\u0001' } }],
          segm,
          { iouType: 'segm' },
        ),
      /results have no usable "segmentation" \(indices listed\): RLE counts string is malformed/,
    );
  });
});
