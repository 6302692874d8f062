import { type DetectionImage, type ImageMatch, scoreOf } from './match-boxes.js';

/** Weight (in boxes) of the overall recall in each class's estimate, so rare classes are not 0 or 1. */
const PRIOR_BOXES = 5;

/**
 * Per class, the share of its (non-crowd) ground-truth boxes that a confident prediction confirms,
 * shrunk towards the share over all classes: (confirmed + 5·overall) / (boxes + 5).
 */
export function classRecall(
  images: readonly DetectionImage[],
  matches: readonly ImageMatch[],
  confidentScore: number,
): Map<number, number> {
  const boxes = new Map<number, number>();
  const confirmed = new Map<number, number>();
  let total = 0;
  let totalConfirmed = 0;
  images.forEach((image, i) => {
    const match = matches[i]!;
    image.gt.forEach((gt, g) => {
      if (gt.iscrowd) return;
      const m = match.gtMatch[g]!;
      const ok = m >= 0 && scoreOf(image.pred[m]!) >= confidentScore ? 1 : 0;
      boxes.set(gt.label, (boxes.get(gt.label) ?? 0) + 1);
      confirmed.set(gt.label, (confirmed.get(gt.label) ?? 0) + ok);
      total++;
      totalConfirmed += ok;
    });
  });
  const overall = total === 0 ? 0 : totalConfirmed / total;
  const out = new Map<number, number>();
  for (const [label, n] of boxes)
    out.set(label, ((confirmed.get(label) ?? 0) + PRIOR_BOXES * overall) / (n + PRIOR_BOXES));
  return out;
}
