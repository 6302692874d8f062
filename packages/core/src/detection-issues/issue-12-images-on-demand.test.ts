import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../random/mulberry32.js';
import { detectionIssues, detectionIssuesOver } from './detection-issues.js';
import type { DetBox, DetectionImage } from './match-boxes.js';

/** Seeded images: ground truth, predictions near it (some shifted, re-classed, missing) and strays. */
function images(seed: number, count: number): DetectionImage[] {
  const random = mulberry32(seed);
  let id = 1;
  return Array.from({ length: count }, () => {
    const gt: DetBox[] = [];
    const pred: DetBox[] = [];
    const n = Math.floor(random() * 6);
    for (let k = 0; k < n; k++) {
      const box: DetBox['box'] = [random() * 300, random() * 300, 10 + random() * 80, 10 + random() * 80];
      const label = Math.floor(random() * 4);
      gt.push({ id: id++, label, box, ...(random() < 0.05 ? { iscrowd: true } : {}) });
      const r = random();
      if (r < 0.15) continue;
      const shift = r < 0.3 ? 0.5 : 0.05;
      pred.push({
        id: id++,
        label: r > 0.9 ? (label + 1) % 4 : label,
        box: [box[0] + shift * box[2], box[1], box[2], box[3]],
        score: Math.round(random() * 100) / 100,
        ...(random() < 0.3 ? { probs: [0.1, 0.2, 0.3, 0.4] } : {}),
      });
    }
    if (random() < 0.3) pred.push({ id: id++, label: 1, box: [400, 400, 30, 30], score: 0.5 + random() / 2 });
    return { gt, pred };
  });
}

describe('issue 12: detection issues over images made on demand', () => {
  for (const seed of [1, 2]) {
    it(`equal detectionIssues on the list, without the images that have none (seed ${seed})`, () => {
      const list = images(seed, 300);
      const made: number[] = [];
      const whole = detectionIssues(list);
      const over = detectionIssuesOver(list.length, (i) => {
        made.push(i);
        // A fresh copy each call, as a store-backed source makes it.
        return structuredClone(list[i]!);
      });
      assert.deepEqual(
        over.images,
        whole.images.filter((im) => im.issues.length > 0),
      );
      assert.deepEqual(over.classRecall, whole.classRecall);
      assert.ok(over.images.length > 20, `${over.images.length} images with issues`);
      assert.equal(made.length, 2 * list.length, 'each image is made twice (recall, then issues)');
    });
  }
});
