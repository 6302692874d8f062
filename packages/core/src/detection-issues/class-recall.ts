import { type DetectionImage, type ImageMatch, scoreOf } from './match-boxes.js';

/** Weight (in boxes) of the overall recall in each class's estimate, so rare classes are not 0 or 1. */
const PRIOR_BOXES = 5;

/** Confirmed and total (non-crowd) ground-truth boxes per class, added image by image. */
export class ClassRecallTally {
  private readonly boxes = new Map<number, number>();
  private readonly confirmed = new Map<number, number>();
  private total = 0;
  private totalConfirmed = 0;

  constructor(private readonly confidentScore: number) {}

  add(image: DetectionImage, match: Pick<ImageMatch, 'gtMatch'>): void {
    image.gt.forEach((gt, g) => {
      if (gt.iscrowd) return;
      const m = match.gtMatch[g]!;
      const ok = m >= 0 && scoreOf(image.pred[m]!) >= this.confidentScore ? 1 : 0;
      this.boxes.set(gt.label, (this.boxes.get(gt.label) ?? 0) + 1);
      this.confirmed.set(gt.label, (this.confirmed.get(gt.label) ?? 0) + ok);
      this.total++;
      this.totalConfirmed += ok;
    });
  }

  /** (confirmed + 5·overall) / (boxes + 5) per class. */
  result(): Map<number, number> {
    const overall = this.total === 0 ? 0 : this.totalConfirmed / this.total;
    const out = new Map<number, number>();
    for (const [label, n] of this.boxes)
      out.set(label, ((this.confirmed.get(label) ?? 0) + PRIOR_BOXES * overall) / (n + PRIOR_BOXES));
    return out;
  }
}

/**
 * Per class, the share of its (non-crowd) ground-truth boxes that a confident prediction confirms,
 * shrunk towards the share over all classes: (confirmed + 5·overall) / (boxes + 5).
 */
export function classRecall(
  images: readonly DetectionImage[],
  matches: readonly ImageMatch[],
  confidentScore: number,
): Map<number, number> {
  const tally = new ClassRecallTally(confidentScore);
  images.forEach((image, i) => {
    tally.add(image, matches[i]!);
  });
  return tally.result();
}
