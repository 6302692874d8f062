/** A box as [x, y, w, h] in absolute pixels, top-left origin (the model's convention). */
export type XywhBox = readonly [number, number, number, number];

/** Intersection over union of two [x, y, w, h] boxes (0 when they do not overlap or both are empty). */
export function boxIou(a: XywhBox, b: XywhBox): number {
  const inter = boxIntersection(a, b);
  if (inter <= 0) return 0;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/** Area of the intersection of two [x, y, w, h] boxes. */
export function boxIntersection(a: XywhBox, b: XywhBox): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}
