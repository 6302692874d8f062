/** Polygon helpers over flat rings [x0, y0, x1, y1, ...] in absolute pixels. */

/** Area of one ring by the shoelace formula (absolute value; self-intersections are not resolved). */
export function polygonArea(ring: ArrayLike<number>): number {
  const n = ring.length - (ring.length % 2);
  if (n < 6) return 0;
  let twice = 0;
  let px = ring[n - 2] as number;
  let py = ring[n - 1] as number;
  for (let i = 0; i < n; i += 2) {
    const x = ring[i] as number;
    const y = ring[i + 1] as number;
    twice += px * y - x * py;
    px = x;
    py = y;
  }
  return Math.abs(twice) / 2;
}

/** Summed shoelace area of several rings (COCO objects split into parts). */
export function polygonsArea(rings: readonly ArrayLike<number>[]): number {
  let area = 0;
  for (const ring of rings) area += polygonArea(ring);
  return area;
}

/** Box [x, y, w, h] around every vertex of the rings; undefined when there is no vertex. */
export function polygonBbox(
  rings: readonly ArrayLike<number>[],
): [number, number, number, number] | undefined {
  let xMin = Number.POSITIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 2) {
      const x = ring[i] as number;
      const y = ring[i + 1] as number;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  if (xMax < xMin) return undefined;
  return [xMin, yMin, xMax - xMin, yMax - yMin];
}
