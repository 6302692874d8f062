import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeStats } from './compute-stats.js';
import type { StatsAnnotation } from './dataset-stats.js';

const gt = (sampleId: number, label: string, bbox: [number, number, number, number]): StatsAnnotation => ({
  sampleId,
  source: 'ground_truth',
  kind: 'bbox',
  label,
  bbox,
});

describe('computeStats', () => {
  // Crafted: 3 samples (2 train, 1 test); counts below are read off the list by hand.
  const stats = computeStats({
    classes: ['cat', 'dog', 'bird'],
    samples: [
      { id: 1, split: 'train', width: 100, height: 100 },
      { id: 2, split: 'train', width: 100, height: 50 },
      { id: 3, split: 'test' },
    ],
    annotations: [
      gt(1, 'cat', [0, 0, 10, 20]),
      { ...gt(1, 'dog', [5, 5, 40, 10]), attributes: { occluded: true } },
      gt(1, 'dog', [50, 50, 20, 10]),
      { ...gt(2, 'cat', [0, 0, 30, 30]), attributes: { occluded: false } },
      { sampleId: 2, source: 'prediction:m', kind: 'bbox', label: 'bird', bbox: [0, 0, 1, 1] },
    ],
    metrics: { brightness: [10, 20, 30] },
  });

  it('counts classes per split and per source', () => {
    assert.deepEqual(stats.splits, { train: 2, test: 1 });
    assert.deepEqual(stats.sources, ['ground_truth', 'prediction:m']);
    assert.deepEqual(stats.class_distribution.by_split, { train: { cat: 2, dog: 2 } });
    assert.deepEqual(stats.class_distribution.by_source['prediction:m'], { bird: 1 });
    assert.deepEqual(stats.class_distribution.samples_by_split, { train: { cat: 2, dog: 1 } });
  });

  it('counts objects per image including empty images', () => {
    // ground truth per sample: 3, 1, 0 -> mean 4/3, median 1
    assert.equal(stats.objects_per_image.summary.count, 3);
    assert.ok(Math.abs(stats.objects_per_image.summary.mean - 4 / 3) < 1e-12);
    assert.equal(stats.objects_per_image.summary.median, 1);
  });

  it('summarises box area, relative area and aspect per class', () => {
    const dog = stats.boxes.find((b) => b.class === 'dog')!;
    assert.equal(dog.count, 2);
    assert.equal(dog.area.min, 200); // 20 x 10
    assert.equal(dog.area.max, 400); // 40 x 10
    assert.equal(dog.aspect.min, 2);
    assert.equal(dog.aspect.max, 4);
    const cat = stats.boxes.find((b) => b.class === 'cat')!;
    // cat 10x20 on a 100x100 image (0.02) and 30x30 on 100x50 (0.18)
    assert.ok(Math.abs(cat.relative_area.min - 0.02) < 1e-12);
    assert.ok(Math.abs(cat.relative_area.max - 0.18) < 1e-12);
    assert.equal(stats.boxes.find((b) => b.class === 'bird')!.count, 0);
  });

  it('builds the co-occurrence matrix, attributes and metrics', () => {
    assert.deepEqual(stats.cooccurrence.samples, [
      [2, 1, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
    assert.deepEqual(stats.attributes, [{ name: 'occluded', annotations: 2, values: { true: 1, false: 1 } }]);
    assert.equal(stats.metrics[0]!.summary.mean, 20);
  });
});
