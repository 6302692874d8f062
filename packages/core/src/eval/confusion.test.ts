import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testScenes } from './_scenes-test-kit.js';
import { detectionConfusion } from './confusion.js';

describe('detectionConfusion', () => {
  it('counts matches, confusions, misses and background detections on a crafted scene', () => {
    // Classes 0 (cat), 1 (dog); index 2 = background.
    const scenes = testScenes(
      [
        {
          gt: [
            { box: [0, 0, 10, 10], cls: 0 }, // found as cat (0.9)
            { box: [20, 0, 10, 10], cls: 0 }, // found as dog (0.8): a confusion
            { box: [40, 0, 10, 10], cls: 1 }, // only a 0.3 detection: below the score threshold, missed
            { box: [60, 0, 10, 10], cls: 1 }, // a dog detection at IoU 1/3 (< 0.5): missed
            { box: [200, 200, 50, 50], cls: 0, crowd: true },
          ],
          dt: [
            { box: [0, 0, 10, 10], cls: 0, score: 0.9 },
            { box: [20, 0, 10, 10], cls: 1, score: 0.8 },
            { box: [40, 0, 10, 10], cls: 1, score: 0.3 },
            { box: [65, 0, 10, 10], cls: 1, score: 0.7 }, // unpaired: a dog on background
            { box: [100, 100, 10, 10], cls: 0, score: 0.6 }, // on nothing: a cat on background
            { box: [210, 210, 10, 10], cls: 1, score: 0.95 }, // inside the crowd: ignored
          ],
        },
        // An image without ground truth: its detection is background.
        { gt: [], dt: [{ box: [0, 0, 5, 5], cls: 1, score: 0.5 }] },
      ],
      2,
    );
    const c = detectionConfusion(scenes);
    // Rows truth (cat, dog, background), columns prediction (cat, dog, background):
    //   cat: 1 as cat, 1 as dog, 0 missed; dog: 0, 0, 2 missed; background: 1 cat, 2 dogs.
    assert.deepEqual(c.matrix, [
      [1, 1, 0],
      [0, 0, 2],
      [1, 2, 0],
    ]);
    assert.equal(c.ignored, 1);
    assert.equal(c.iou_threshold, 0.5);
    assert.equal(c.score_threshold, 0.5);
  });

  it('pairs by IoU first, whatever the class or score', () => {
    // One dog GT; a cat detection at IoU 1 (score .6) and a dog detection at IoU 0.81 (score .9):
    // the cat takes the GT (confusion), the dog is background.
    const c = detectionConfusion(
      testScenes(
        [
          {
            gt: [{ box: [0, 0, 10, 10], cls: 1 }],
            dt: [
              { box: [0, 0, 10, 10], cls: 0, score: 0.6 },
              { box: [0, 0, 9, 9], cls: 1, score: 0.9 },
            ],
          },
        ],
        2,
      ),
      { scoreThreshold: 0.25, iouThreshold: 0.45 },
    );
    assert.deepEqual(c.matrix, [
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });
});
