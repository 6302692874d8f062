import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectionCommittee } from './detection-committee.js';
import { aggregatePerImage } from './uncertainty.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

describe('query by committee over detection sources', () => {
  // three members, classes cat (0) and dog (1) + background. Image 0: member 0 sees a cat (0.9) and
  // member 1 a dog (0.8) on overlapping boxes (IoU 81/119 = 0.68), member 2 nothing there but a cat
  // (0.6) elsewhere. Image 1: all three see the same cat at 0.9. Image 2: no box.
  const boxes = {
    owner: Int32Array.of(0, 0, 0, 1, 1, 1),
    member: Int32Array.of(0, 1, 2, 0, 1, 2),
    bbox: Float64Array.of(
      0,
      0,
      10,
      10,
      1,
      1,
      10,
      10,
      50,
      50,
      10,
      10,
      5,
      5,
      20,
      20,
      5,
      5,
      20,
      20,
      5,
      5,
      20,
      20,
    ),
    cls: Int32Array.of(0, 1, 0, 0, 0, 0),
    score: Float64Array.of(0.9, 0.8, 0.6, 0.9, 0.9, 0.9),
  };

  it('matches boxes across members and scores each object (numpy 2.4.6 reference)', () => {
    const r = detectionCommittee(boxes, 3, 2);
    assert.deepEqual([...r.owner], [0, 0, 1]);
    // object 1: votes cat, dog, background → ln 3 / ln 3; object 2: cat, bg, bg; object 3: all cat
    close(r.voteEntropy[0]!, 1);
    close(r.voteEntropy[1]!, 0.5793801642856949);
    close(r.voteEntropy[2]!, 0);
    // numpy: dists [[.9,0,.1],[0,.8,.2],[0,0,1]] → mean over members of Σ p log(p / mean) = 0.8008724101367887;
    // [[.6,0,.4],[0,0,1],[0,0,1]] → 0.2760652012017691
    close(r.meanKl[0]!, 0.8008724101367887);
    close(r.meanKl[1]!, 0.2760652012017691);
    close(r.meanKl[2]!, 0);
    assert.deepEqual([...aggregatePerImage(r.voteEntropy, r.owner, 3, 'max')], [1, 0, 0]);
  });

  it('does not match boxes below the IoU threshold, nor two boxes of one member', () => {
    const strict = detectionCommittee(boxes, 3, 2, { iou: 0.7 });
    assert.deepEqual([...strict.owner], [0, 0, 0, 1]); // the cat and the dog are now two objects
    const same = detectionCommittee(
      {
        owner: Int32Array.of(0, 0),
        member: Int32Array.of(0, 0),
        bbox: Float64Array.of(0, 0, 10, 10, 0, 0, 10, 10),
        cls: Int32Array.of(0, 0),
        score: Float64Array.of(0.9, 0.8),
      },
      2,
      2,
    );
    assert.equal(same.owner.length, 2);
  });
});
