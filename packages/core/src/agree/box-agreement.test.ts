import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxIouAt } from '../geometry/box.js';
import { type BoxSet, boxAgreement, matchBoxes } from './box-agreement.js';

/** Boxes as [image, x, y, w, h, class]. */
function boxes(rows: number[][]): BoxSet {
  return {
    image: rows.map((r) => r[0]!),
    xywh: rows.flatMap((r) => r.slice(1, 5)),
    label: rows.map((r) => r[5]!),
  };
}

// A crafted scene, every expected number worked by hand (all boxes 10 px tall at y = 0 unless stated).
// Image 1: identical boxes (IoU 1); boxes shifted by 1 px (IoU 90/110 = 9/11) with different classes;
//          an A box nobody else drew; a B box nobody else drew.
// Image 2: boxes shifted by 5 px, IoU 50/150 = 1/3: no match at 0.5.
// Image 3: the greedy trap. A1–B1 has the best IoU (9/11), but taking it leaves A2 unmatched; the optimal
//          assignment pairs A1–B2 and A2–B1 (IoU 7/13 each, ≥ 0.5), 2 matches instead of 1.
const A = boxes([
  [1, 0, 0, 10, 10, 0],
  [1, 20, 0, 10, 10, 1],
  [1, 40, 40, 10, 10, 0],
  [2, 0, 0, 10, 10, 0],
  [3, 0, 0, 10, 10, 0],
  [3, 4, 0, 10, 10, 0],
]);
const B = boxes([
  [1, 0, 0, 10, 10, 0],
  [1, 21, 0, 10, 10, 2],
  [1, 100, 100, 5, 5, 1],
  [2, 5, 0, 10, 10, 0],
  [3, 1, 0, 10, 10, 0],
  [3, -3, 0, 10, 10, 0],
]);

const close = (a: number | null | undefined, b: number, what = '') =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

describe('boxAgreement', () => {
  it('computes IoU of [x, y, w, h] boxes', () => {
    close(boxIouAt([0, 0, 10, 10], 0, [1, 0, 10, 10], 0), 9 / 11);
    close(boxIouAt([0, 0, 10, 10], 0, [10, 0, 10, 10], 0), 0);
  });

  it('matches one to one with the most matches (not greedily), F1 and mean IoU per threshold', () => {
    const r = boxAgreement(A, B, { thresholds: [0.5, 0.75, 0.9] });
    assert.equal(r.boxes_a, 6);
    assert.equal(r.boxes_b, 6);
    assert.equal(r.images, 3);
    const [t50, t75, t90] = r.thresholds;
    // 0.5: image 1 two matches, image 3 two (optimal assignment) = 4 of 6 and 6 → F1 8/12.
    assert.equal(t50?.matched, 4);
    close(t50?.f1, 2 / 3, 'f1@0.5');
    close(t50?.precision, 4 / 6);
    close(t50?.recall, 4 / 6);
    close(t50?.mean_iou ?? null, (1 + 9 / 11 + 7 / 13 + 7 / 13) / 4, 'mean iou@0.5');
    // Same class: the 9/11 pair of image 1 has classes 1 and 2, so 3 matches → 6/12.
    close(t50?.f1_same_class, 0.5, 'f1 same class@0.5');
    // 0.75: image 1 both pairs, image 3 only A1–B1 (9/11) = 3 → 6/12.
    assert.equal(t75?.matched, 3);
    close(t75?.mean_iou ?? null, (1 + 9 / 11 + 9 / 11) / 3);
    // 0.9: only the identical pair.
    assert.equal(t90?.matched, 1);
    close(t90?.f1, 2 / 12);
  });

  it('gives class agreement and alpha over matched pairs and unmatched boxes', () => {
    const r = boxAgreement(A, B);
    close(r.class_agreement, 3 / 4, 'class agreement');
    // Matched pairs only: units (0,0) (1,2) (0,0) (0,0); n = 8, n_0 = 6, n_1 = n_2 = 1;
    // α = 1 − (n − 1)·D_o/D_e = 1 − 7·2/(64 − 38) = 6/13 (the krippendorff package gives 0.46153846153846145).
    close(r.class_alpha_matched, 6 / 13, 'alpha matched');
    // Plus 4 unmatched boxes, partner "no box": 8 units, n = 16, counts 9, 2, 1, 4 (no box);
    // α = 1 − 15·10/(256 − 102) = 2/77 (krippendorff package: 0.02597402597402587).
    close(r.class_alpha, 2 / 77, 'alpha');
    assert.deepEqual(
      r.per_image.map((p) => [p.image, p.f1_same_class]),
      [
        [1, 2 / 6],
        [2, 0],
        [3, 1],
      ],
    );
    assert.deepEqual(
      r.matches.map((m) => [m.a, m.b]),
      [
        [0, 0],
        [1, 1],
        [4, 5],
        [5, 4],
      ],
    );
  });

  it('handles images only one annotator labelled and an empty input', () => {
    const r = boxAgreement(boxes([[7, 0, 0, 5, 5, 0]]), boxes([]));
    assert.equal(r.thresholds[0]?.f1, 0);
    // One unit (class 0, no box): α = 1 − (2 − 1)·2/(4 − 2) = 0.
    assert.equal(r.class_alpha, 0);
    assert.equal(r.class_alpha_matched, null);
    const empty = boxAgreement(boxes([]), boxes([]));
    assert.equal(empty.thresholds[0]?.f1, 1);
    assert.equal(empty.images, 0);
  });

  it('matches as exhaustive search does: most pairs at IoU ≥ t, then the largest IoU sum (200 random scenes)', () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (let trial = 0; trial < 200; trial++) {
      const na = 1 + Math.floor(random() * 5);
      const nb = 1 + Math.floor(random() * 5);
      const iou = Float64Array.from({ length: na * nb }, () => (random() < 0.5 ? random() : 0));
      const best = { count: 0, sum: 0 };
      const used = new Array<boolean>(nb).fill(false);
      const walk = (i: number, count: number, sum: number) => {
        if (i === na) {
          if (count > best.count || (count === best.count && sum > best.sum + 1e-12))
            Object.assign(best, { count, sum });
          return;
        }
        walk(i + 1, count, sum);
        for (let j = 0; j < nb; j++)
          if (!used[j] && iou[i * nb + j]! >= 0.3) {
            used[j] = true;
            walk(i + 1, count + 1, sum + iou[i * nb + j]!);
            used[j] = false;
          }
      };
      walk(0, 0, 0);
      const pairs = matchBoxes(iou, na, nb, 0.3);
      assert.equal(pairs.length, best.count, `trial ${trial}`);
      close(
        pairs.reduce((s, [i, j]) => s + iou[i * nb + j]!, 0),
        best.sum,
        `trial ${trial} IoU sum`,
      );
    }
  });
});
