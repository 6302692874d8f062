/**
 * Greedy non-maximum suppression, as torchvision's `batched_nms` and Ultralytics' `non_max_suppression`
 * do it: highest score first, a box is dropped when its IoU with a kept box of the same class (or any
 * class when `agnostic`) exceeds `iou`. Boxes are `[x1, y1, x2, y2]` rows of `boxes`. Returns the kept
 * indices, highest score first, at most `maxDetections`. Pure.
 */
export function nms(
  boxes: Float32Array | Float64Array,
  scores: ArrayLike<number>,
  classes: ArrayLike<number>,
  options: { iou: number; maxDetections?: number; agnostic?: boolean },
): number[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const kept: number[] = [];
  const max = options.maxDetections ?? 300;
  const area = (i: number) =>
    Math.max(0, boxes[4 * i + 2]! - boxes[4 * i]!) * Math.max(0, boxes[4 * i + 3]! - boxes[4 * i + 1]!);
  for (const i of order) {
    if (kept.length >= max) break;
    let keep = true;
    for (const j of kept) {
      if (!options.agnostic && classes[i] !== classes[j]) continue;
      const w = Math.min(boxes[4 * i + 2]!, boxes[4 * j + 2]!) - Math.max(boxes[4 * i]!, boxes[4 * j]!);
      const h =
        Math.min(boxes[4 * i + 3]!, boxes[4 * j + 3]!) - Math.max(boxes[4 * i + 1]!, boxes[4 * j + 1]!);
      if (w <= 0 || h <= 0) continue;
      const inter = w * h;
      if (inter / (area(i) + area(j) - inter) > options.iou) {
        keep = false;
        break;
      }
    }
    if (keep) kept.push(i);
  }
  return kept;
}
