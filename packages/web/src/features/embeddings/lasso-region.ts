/** Vertices a lasso keeps once it becomes a filter's map region (the API takes up to 200). */
export const LASSO_VERTICES = 64;

type Point = [number, number];

/** Squared distance of p from the segment a–b. */
function segmentDistance2(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const [ex, ey] = [a[0] + t * dx - p[0], a[1] + t * dy - p[1]];
  return ex * ex + ey * ey;
}

/** Ramer–Douglas–Peucker over a polyline: the vertices kept at tolerance `tol` (ends always kept). */
function simplifyLine(points: readonly Point[], tol: number): Point[] {
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let far = -1;
    let farD = tol * tol;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(points[i]!, points[a]!, points[b]!);
      if (d > farD) [far, farD] = [i, d];
    }
    if (far < 0) continue;
    keep[far] = 1;
    stack.push([a, far], [far, b]);
  }
  return points.filter((_, i) => keep[i]);
}

/** False when every vertex lies on one line (the API refuses such a polygon). */
function hasArea(polygon: readonly Point[]): boolean {
  const [x0, y0] = polygon[0]!;
  const d = polygon.find(([x, y]) => x !== x0 || y !== y0);
  return !!d && polygon.some(([x, y]) => (d[0] - x0) * (y - y0) - (d[1] - y0) * (x - x0) !== 0);
}

/**
 * A lasso drawn in projection coordinates as a region polygon for the filter (and the URL): simplified
 * (Ramer–Douglas–Peucker, the tolerance doubled from 1/2,000 of the projection's span until at most
 * `maxVertices` remain) and each coordinate rounded to a step of about 1/20,000 of the span (a power of
 * ten, so the JSON stays short). Null when nothing with an area is left.
 */
export function lassoPolygon(
  lasso: readonly Point[],
  span: number,
  maxVertices = LASSO_VERTICES,
): Point[] | null {
  if (lasso.length < 3 || !(span > 0)) return null;
  const closed = [...lasso, lasso[0]!];
  let tol = span / 2000;
  let line = simplifyLine(closed, tol);
  while (line.length - 1 > maxVertices) {
    tol *= 2;
    line = simplifyLine(closed, tol);
  }
  const digits = Math.max(0, Math.ceil(-Math.log10(span / 20_000)));
  const step = 10 ** -digits;
  const out: Point[] = [];
  for (const [x, y] of line.slice(0, -1)) {
    const p: Point = [
      Number((Math.round(x / step) * step).toFixed(digits)),
      Number((Math.round(y / step) * step).toFixed(digits)),
    ];
    const last = out.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0]![0] === out.at(-1)![0] && out[0]![1] === out.at(-1)![1]) out.pop();
  return out.length >= 3 && hasArea(out) ? out : null;
}

/**
 * Indices (ascending) of the points inside a polygon, by the server's rule for a map region
 * (core browse/map-region.ts: inside the bounding box, and an odd number of non-horizontal edges with
 * (ya > y) ≠ (yb > y) and x < xa + (y − ya)·k, k = (xb − xa)/(yb − ya)): the same doubles, so the
 * selection the map shows is the one the grid filter gives.
 */
export function pointsInPolygon(x: Float32Array, y: Float32Array, polygon: readonly Point[]): number[] {
  const xa: number[] = [];
  const ya: number[] = [];
  const yb: number[] = [];
  const k: number[] = [];
  let [x0, y0, x1, y1] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -Infinity, -Infinity];
  for (let a = 0, b = polygon.length - 1; a < polygon.length; b = a++) {
    const [ax, ay] = polygon[a]!;
    const [bx, by] = polygon[b]!;
    [x0, y0, x1, y1] = [Math.min(x0, ax), Math.min(y0, ay), Math.max(x1, ax), Math.max(y1, ay)];
    if (ay === by) continue;
    xa.push(ax);
    ya.push(ay);
    yb.push(by);
    k.push((bx - ax) / (by - ay));
  }
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const px = x[i]!;
    const py = y[i]!;
    if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1)) continue;
    let inside = false;
    for (let j = 0; j < k.length; j++)
      if (ya[j]! > py !== yb[j]! > py && px < xa[j]! + (py - ya[j]!) * k[j]!) inside = !inside;
    if (inside) out.push(i);
  }
  return out;
}
