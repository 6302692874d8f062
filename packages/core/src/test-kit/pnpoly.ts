/**
 * W. R. Franklin's pnpoly (even-odd crossings, as in his PNPOLY note): the tests' reference for "inside
 * the lasso", written independently of the app's lasso-region.ts and the server's map-region.ts.
 */
export function pnpoly(poly: [number, number][], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
