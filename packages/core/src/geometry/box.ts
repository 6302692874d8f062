/** Box helpers; a box is [x, y, w, h] in absolute pixels from the top-left corner. */
export type Box = [x: number, y: number, w: number, h: number];

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
