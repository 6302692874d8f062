/** Ring helpers on flat [x0, y0, x1, y1, ...] coordinate lists in image pixels. */

/** Even-odd point-in-polygon over every ring (holes are rings inside the outer one). */
export function ringsContain(rings: readonly (readonly number[])[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = Math.floor(ring.length / 2);
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = ring[2 * i] as number;
      const yi = ring[2 * i + 1] as number;
      const xj = ring[2 * j] as number;
      const yj = ring[2 * j + 1] as number;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Distance from (x, y) to the segment (ax, ay)–(bx, by). */
export function segmentDistance(
  x: number,
  y: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Distance from (x, y) to an open path through the ring's points. */
export function pathDistance(ring: readonly number[], x: number, y: number): number {
  const n = Math.floor(ring.length / 2);
  if (n === 1) return Math.hypot(x - (ring[0] as number), y - (ring[1] as number));
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < n; i++) {
    const d = segmentDistance(
      x,
      y,
      ring[2 * i - 2] as number,
      ring[2 * i - 1] as number,
      ring[2 * i] as number,
      ring[2 * i + 1] as number,
    );
    if (d < best) best = d;
  }
  return best;
}

/** Signed shoelace area of one ring. */
export function ringArea(ring: readonly number[]): number {
  const n = Math.floor(ring.length / 2);
  let a = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    a +=
      (ring[2 * j] as number) * (ring[2 * i + 1] as number) -
      (ring[2 * i] as number) * (ring[2 * j + 1] as number);
  }
  return a / 2;
}

/** Top-left corner of the bounding box of every ring. */
export function ringsTopLeft(rings: readonly (readonly number[])[]): [number, number] {
  let x = Number.POSITIVE_INFINITY;
  let y = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i += 2) {
      x = Math.min(x, ring[i] as number);
      y = Math.min(y, ring[i + 1] as number);
    }
  }
  return Number.isFinite(x) ? [x, y] : [0, 0];
}
