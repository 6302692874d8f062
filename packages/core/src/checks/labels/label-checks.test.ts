import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckIssue } from '../check-types.js';
import type { LabelAnnotation, LabelCheckInput, LabelSample } from './label-check-input.js';
import { labelChecks } from './label-checks.js';

let nextId = 1;
const box = (
  sampleId: number,
  label: string | undefined,
  bbox: number[],
  extra: Partial<LabelAnnotation> = {},
): LabelAnnotation => ({
  id: nextId++,
  sampleId,
  kind: 'bbox',
  ...(label === undefined ? {} : { label }),
  bbox: bbox as [number, number, number, number],
  ...extra,
});
const sample = (id: number, width = 100, height = 100): LabelSample => ({
  id,
  key: `img${id}.jpg`,
  width,
  height,
});
const ofType = (issues: CheckIssue[], type: string) => issues.filter((i) => i.type === type);

describe('labelChecks on crafted annotations (expected answers worked out by hand beside each case)', () => {
  it('finds undefined classes, unused classes and images without annotations', () => {
    const input: LabelCheckInput = {
      classes: ['cat', 'dog', 'bird'],
      samples: [sample(1), sample(2)],
      annotations: [
        box(1, 'cat', [0, 0, 10, 10]),
        box(1, 'zebra', [20, 20, 10, 10]),
        box(1, undefined, [40, 40, 10, 10]),
      ],
    };
    const { issues } = labelChecks(input, { minSamplesPerClass: 1 });
    assert.equal(ofType(issues, 'undefined_class').length, 2); // zebra, and the unlabeled box
    assert.deepEqual(
      ofType(issues, 'unused_class').map((i) => i.details?.class),
      ['dog', 'bird'],
    );
    assert.deepEqual(
      ofType(issues, 'no_annotations').map((i) => i.sampleId),
      [2],
    );
  });

  it('finds invalid geometry, out-of-bounds boxes, degenerate polygons, keypoints outside the box and tiny boxes', () => {
    const ann = [
      box(1, 'cat', [0, 0, 0, 10]), // zero width
      box(1, 'cat', [0, 0, Number.NaN, 10]), // NaN
      box(1, 'cat', [90, 90, 20, 20]), // 10x10 of 20x20 inside: 75% outside
      box(1, 'cat', [10, 10, 50, 50], { kind: 'polygon', points: [[10, 10, 60, 60, 35, 35]] }), // collinear
      box(1, 'cat', [10, 10, 20, 20], { kind: 'keypoints', keypoints: [15, 15, 2, 50, 50, 2, 90, 90, 0] }),
      box(1, 'cat', [50, 50, 3, 3]), // 9 px² < 16
      box(1, 'cat', [0, 0, 100.5, 100.5]), // within the 1 px tolerance
    ];
    const { issues } = labelChecks({ classes: ['cat'], samples: [sample(1)], annotations: ann });
    assert.deepEqual(
      ofType(issues, 'invalid_geometry').map((i) => i.annotationId),
      [ann[0]!.id, ann[1]!.id],
    );
    const oob = ofType(issues, 'out_of_bounds');
    assert.deepEqual(
      oob.map((i) => i.annotationId),
      [ann[2]!.id],
    );
    assert.ok(Math.abs((oob[0]!.details!.outside_share as number) - 0.75) < 1e-12);
    assert.deepEqual(
      ofType(issues, 'degenerate_polygon').map((i) => i.annotationId),
      [ann[3]!.id],
    );
    const kp = ofType(issues, 'keypoint_outside_box');
    assert.deepEqual(kp[0]!.details!.keypoints, [1]); // the (50, 50) visible point; (90, 90) is unlabeled
    assert.deepEqual(
      ofType(issues, 'tiny_box').map((i) => i.annotationId),
      [ann[5]!.id],
    );
  });

  it('prefers the scanned size for bounds and reports boxes it cannot judge', () => {
    const s: LabelSample = {
      id: 1,
      key: 'a.jpg',
      width: 200,
      height: 200,
      probe: { width: 100, height: 100 },
    };
    const noSize: LabelSample = { id: 2, key: 'b.jpg' };
    const { issues, skipped } = labelChecks({
      classes: ['cat'],
      samples: [s, noSize],
      annotations: [box(1, 'cat', [120, 0, 50, 50]), box(2, 'cat', [0, 0, 10, 10])],
    });
    assert.equal(ofType(issues, 'out_of_bounds').length, 1);
    assert.deepEqual(skipped, [
      { check: 'out_of_bounds', count: 1, reason: 'the image size is unknown (not scanned, none declared)' },
    ]);
  });

  it('finds duplicate labels (same class, IoU >= 0.9) and overlapping labels of different classes (IoU >= 0.8)', () => {
    const a = box(1, 'cat', [10, 10, 40, 40]);
    const b = box(1, 'cat', [11, 10, 40, 40]); // IoU = 39*40 / (2*1600 - 1560) = 1560/1640 = 0.9512
    const c = box(1, 'dog', [10, 14, 40, 40]); // with a: 40*36/(3200-1440) = 0.818; with b: 39*36/(3200-1404) = 0.7817
    const d = box(1, 'cat', [60, 60, 30, 30]); // far away
    const { issues } = labelChecks({
      classes: ['cat', 'dog'],
      samples: [sample(1)],
      annotations: [a, b, c, d],
    });
    const dup = ofType(issues, 'duplicate_label');
    assert.equal(dup.length, 1);
    assert.deepEqual(dup[0]!.details!.annotation_ids, [a.id, b.id]);
    assert.ok(Math.abs(dup[0]!.score - 1560 / 1640) < 1e-12);
    const over = ofType(issues, 'overlapping_labels');
    assert.equal(over.length, 1);
    assert.deepEqual(over[0]!.details!.annotation_ids, [a.id, c.id]);
    assert.ok(Math.abs(over[0]!.score - 1440 / 1760) < 1e-12);
    const strict = labelChecks(
      { classes: ['cat', 'dog'], samples: [sample(1)], annotations: [a, b, c, d] },
      { overlapIou: 0.7 },
    );
    assert.equal(ofType(strict.issues, 'overlapping_labels').length, 2);
  });

  it('flags box size and aspect outliers against the class distribution (robust z on logs)', () => {
    // 30 boxes of sizes 18..22 px square (log-area MAD ~ 0.1), one 90x90 box (log area 2*ln 4.5 ~ 3 above the median): an outlier;
    // and one 10x40 box whose area (400) is typical but aspect is 1/4.
    const ann: LabelAnnotation[] = [];
    for (let k = 0; k < 30; k++) ann.push(box(1 + (k % 5), 'cat', [0, 0, 18 + (k % 5), 18 + (k % 5)]));
    const big = box(1, 'cat', [0, 0, 90, 90]);
    const tall = box(2, 'cat', [0, 0, 10, 40]);
    ann.push(big, tall);
    const samples = [1, 2, 3, 4, 5].map((id) => sample(id));
    const { issues } = labelChecks({ classes: ['cat'], samples, annotations: ann });
    assert.deepEqual(
      ofType(issues, 'box_size_outlier').map((i) => i.annotationId),
      [big.id],
    );
    assert.deepEqual(
      ofType(issues, 'box_aspect_outlier').map((i) => i.annotationId),
      [tall.id],
    );
    for (const i of issues) assert.ok(i.score >= 0 && i.score <= 1, `${i.type} score ${i.score} in [0, 1]`);
  });

  it('does not flag small differences in a class of near-identical boxes', () => {
    // 30 boxes 20x20 and one 21x20: the MAD is 0, so any difference has a huge z, but 5% < the factor 2
    const ann = Array.from({ length: 30 }, () => box(1, 'cat', [0, 0, 20, 20]));
    ann.push(box(1, 'cat', [0, 0, 21, 20]), box(1, 'cat', [0, 0, 60, 20]));
    const { issues } = labelChecks(
      { classes: ['cat'], samples: [sample(1)], annotations: ann },
      { only: new Set(['box_aspect_outlier']) },
    );
    assert.equal(issues.length, 1);
    assert.ok(Math.abs((issues[0]!.details!.value as number) - 3) < 1e-12); // the 60x20 box
  });

  it('reports class imbalance and classes in too few samples', () => {
    const ann: LabelAnnotation[] = [];
    for (let s = 1; s <= 12; s++) for (let k = 0; k < 2; k++) ann.push(box(s, 'cat', [k * 30, 0, 20, 20]));
    ann.push(box(1, 'dog', [0, 50, 20, 20]), box(2, 'dog', [0, 50, 20, 20]));
    // cat 24 annotations in 12 samples, dog 2 in 2: 24 > 2 * 10 -> imbalance; 2 < 10 samples -> too few
    const samples = Array.from({ length: 12 }, (_, i) => sample(i + 1));
    const { issues } = labelChecks({ classes: ['cat', 'dog'], samples, annotations: ann });
    const imb = ofType(issues, 'class_imbalance');
    assert.deepEqual(
      imb.map((i) => i.details?.class),
      ['dog'],
    );
    assert.equal(imb[0]!.details!.ratio, 12);
    assert.deepEqual(
      ofType(issues, 'too_few_samples').map((i) => i.details?.class),
      ['dog'],
    );
    assert.equal(
      labelChecks(
        { classes: ['cat', 'dog'], samples, annotations: ann },
        { imbalanceRatio: 20 },
      ).issues.filter((i) => i.type === 'class_imbalance').length,
      0,
    );
  });

  it('runs only the asked types', () => {
    const { issues } = labelChecks(
      {
        classes: ['cat', 'dog'],
        samples: [sample(1), sample(2)],
        annotations: [box(1, 'cat', [90, 90, 20, 20])],
      },
      { only: new Set(['out_of_bounds']) },
    );
    assert.deepEqual(
      issues.map((i) => i.type),
      ['out_of_bounds'],
    );
  });
});
