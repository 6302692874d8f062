/**
 * The AP that TIDE reports (dbolya/tide `APDataObject.get_ap`): per class, data points sorted by score
 * descending (stable), precision made monotone from the right, then read at the 101 recall points
 * 0, 0.01, ..., 1 at the first point whose recall reaches each (0 past the end), and averaged. It is
 * COCO's 101-point interpolation; unlike COCO, a class with data points but no ground truth counts with
 * AP 0 in the mean, and a class with neither is left out. Values are fractions in [0, 1] (TIDE prints
 * them times 100).
 */
export class TideApData {
  private readonly scores: number[][];
  private readonly positives: boolean[][];
  readonly gtCount: Float64Array;

  constructor(readonly categoryCount: number) {
    this.scores = Array.from({ length: categoryCount }, () => []);
    this.positives = Array.from({ length: categoryCount }, () => []);
    this.gtCount = new Float64Array(categoryCount);
  }

  push(category: number, score: number, positive: boolean): void {
    this.scores[category]!.push(score);
    this.positives[category]!.push(positive);
  }

  classAp(category: number): number {
    const gt = this.gtCount[category]!;
    if (gt <= 0) return 0;
    const scores = this.scores[category]!;
    const positives = this.positives[category]!;
    const n = scores.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
    const precision = new Float64Array(n);
    const recall = new Float64Array(n);
    let tp = 0;
    for (let i = 0; i < n; i++) {
      if (positives[order[i]!]) tp++;
      precision[i] = tp / (i + 1);
      recall[i] = tp / gt;
    }
    for (let i = n - 1; i > 0; i--) if (precision[i]! > precision[i - 1]!) precision[i - 1] = precision[i]!;
    let sum = 0;
    let idx = 0;
    for (let r = 0; r <= 100; r++) {
      const x = r / 100;
      while (idx < n && recall[idx]! < x) idx++;
      if (idx < n) sum += precision[idx]!;
    }
    return sum / 101;
  }

  /** Mean AP over the classes with data points or ground truth. */
  meanAp(): number {
    let sum = 0;
    let classes = 0;
    for (let c = 0; c < this.categoryCount; c++) {
      if (this.scores[c]!.length === 0 && this.gtCount[c]! === 0) continue;
      sum += this.classAp(c);
      classes++;
    }
    return classes === 0 ? 0 : sum / classes;
  }
}
