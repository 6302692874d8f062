/** Box helpers; a box is [x, y, w, h] in absolute pixels from the top-left corner. */
export type Box = [x: number, y: number, w: number, h: number];

/** A read-only [x, y, w, h] box. */
export type XywhBox = readonly [number, number, number, number];

/** Area of the intersection of the [x, y, w, h] boxes at offsets `ai` of `a` and `bi` of `b`. */
export function boxIntersectionAt(
  a: ArrayLike<number>,
  ai: number,
  b: ArrayLike<number>,
  bi: number,
): number {
  const ax = a[ai] as number;
  const ay = a[ai + 1] as number;
  const bx = b[bi] as number;
  const by = b[bi + 1] as number;
  const w = Math.min(ax + (a[ai + 2] as number), bx + (b[bi + 2] as number)) - Math.max(ax, bx);
  const h = Math.min(ay + (a[ai + 3] as number), by + (b[bi + 3] as number)) - Math.max(ay, by);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union of the boxes at offsets `ai` and `bi` (0 when disjoint or both empty). */
export function boxIouAt(a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number): number {
  const inter = boxIntersectionAt(a, ai, b, bi);
  if (inter <= 0) return 0;
  const union =
    (a[ai + 2] as number) * (a[ai + 3] as number) + (b[bi + 2] as number) * (b[bi + 3] as number) - inter;
  return union > 0 ? inter / union : 0;
}

/** Intersection over union of two [x, y, w, h] boxes. */
export function boxIou(a: XywhBox, b: XywhBox): number {
  return boxIouAt(a, 0, b, 0);
}

/** Area of the intersection of two [x, y, w, h] boxes. */
export function boxIntersection(a: XywhBox, b: XywhBox): number {
  return boxIntersectionAt(a, 0, b, 0);
}

export function boxArea(box: readonly number[]): number {
  return (box[2] as number) * (box[3] as number);
}

/** True when the box has four finite numbers and a non-negative width and height. */
export function boxIsValid(box: readonly number[]): boolean {
  if (box.length !== 4) return false;
  const [x, y, w, h] = box as [number, number, number, number];
  return (
    Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(w) && Number.isFinite(h) && w >= 0 && h >= 0
  );
}

/**
 * Box around the labeled keypoints of flat [x, y, v] triplets (v > 0), undefined when none is labeled.
 * Prediction triplets carry a score in place of v; any positive score counts.
 */
export function boxFromKeypoints(keypoints: ArrayLike<number>): Box | undefined {
  let xMin = Number.POSITIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 2 < keypoints.length; i += 3) {
    if (!((keypoints[i + 2] as number) > 0)) continue;
    const x = keypoints[i] as number;
    const y = keypoints[i + 1] as number;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  if (xMax < xMin) return undefined;
  return [xMin, yMin, xMax - xMin, yMax - yMin];
}
