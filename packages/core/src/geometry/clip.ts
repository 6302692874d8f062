/** Clipping to an image rectangle [0, W] × [0, H]. */

/** The part of box [x, y, w, h] inside the image, or undefined when nothing of it is inside. */
export function boxClip(
  box: readonly number[],
  width: number,
  height: number,
): [number, number, number, number] | undefined {
  const x0 = Math.max(0, box[0]!);
  const y0 = Math.max(0, box[1]!);
  const x1 = Math.min(width, box[0]! + box[2]!);
  const y1 = Math.min(height, box[1]! + box[3]!);
  if (x1 <= x0 || y1 <= y0) return undefined;
  return [x0, y0, x1 - x0, y1 - y0];
}

type Inside = (x: number, y: number) => boolean;
type Cross = (ax: number, ay: number, bx: number, by: number) => [number, number];

function clipEdge(ring: number[], inside: Inside, cross: Cross): number[] {
  const out: number[] = [];
  const n = ring.length - (ring.length % 2);
  for (let i = 0; i < n; i += 2) {
    const ax = ring[(i - 2 + n) % n]!;
    const ay = ring[(i - 1 + n) % n]!;
    const bx = ring[i]!;
    const by = ring[i + 1]!;
    const aIn = inside(ax, ay);
    const bIn = inside(bx, by);
    if (bIn) {
      if (!aIn) out.push(...cross(ax, ay, bx, by));
      out.push(bx, by);
    } else if (aIn) out.push(...cross(ax, ay, bx, by));
  }
  return out;
}

const atX =
  (x: number): Cross =>
  (ax, ay, bx, by) => [x, ay + ((by - ay) * (x - ax)) / (bx - ax)];
const atY =
  (y: number): Cross =>
  (ax, ay, bx, by) => [ax + ((bx - ax) * (y - ay)) / (by - ay), y];

/**
 * One flat ring [x0, y0, x1, y1, ...] clipped to the image by Sutherland–Hodgman (exact for a convex
 * window such as a rectangle); fewer than 3 points left means nothing of the ring is inside.
 */
export function ringClip(ring: readonly number[], width: number, height: number): number[] {
  let r = [...ring];
  r = clipEdge(r, (x) => x >= 0, atX(0));
  r = clipEdge(r, (x) => x <= width, atX(width));
  r = clipEdge(r, (_x, y) => y >= 0, atY(0));
  r = clipEdge(r, (_x, y) => y <= height, atY(height));
  return r.length >= 6 ? r : [];
}
