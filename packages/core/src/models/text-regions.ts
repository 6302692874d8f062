/**
 * Text regions from a DB (Differentiable Binarization) probability map, as PaddleOCR's DBPostProcess
 * reads it, with axis-aligned boxes: pixels above `threshold` (0.3) grouped 4-connected, a region kept
 * when its mean probability reaches `boxThreshold` (0.6), then grown by `unclip` (1.5): each side moves
 * out by area × ratio / perimeter, as DB's polygon offset does for a rectangle. Boxes in map pixels. Pure.
 */
export function textRegionsFromMap(
  map: Float32Array,
  width: number,
  height: number,
  options: { threshold?: number; boxThreshold?: number; unclip?: number; minSide?: number } = {},
): { box: [number, number, number, number]; score: number }[] {
  const threshold = options.threshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.6;
  const unclip = options.unclip ?? 1.5;
  const minSide = options.minSide ?? 3;
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  const out: { box: [number, number, number, number]; score: number }[] = [];
  for (let start = 0; start < map.length; start++) {
    if (seen[start] || map[start]! <= threshold) continue;
    let [x1, y1, x2, y2] = [width, height, -1, -1];
    let sum = 0;
    let n = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      sum += map[p]!;
      n++;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
      for (const q of [
        x > 0 ? p - 1 : -1,
        x < width - 1 ? p + 1 : -1,
        y > 0 ? p - width : -1,
        y < height - 1 ? p + width : -1,
      ])
        if (q >= 0 && !seen[q] && map[q]! > threshold) {
          seen[q] = 1;
          stack.push(q);
        }
    }
    const w = x2 - x1 + 1;
    const h = y2 - y1 + 1;
    const score = sum / n;
    if (Math.min(w, h) < minSide || score < boxThreshold) continue;
    const d = (w * h * unclip) / (2 * (w + h));
    const bx1 = Math.max(0, x1 - d);
    const by1 = Math.max(0, y1 - d);
    const bx2 = Math.min(width, x2 + 1 + d);
    const by2 = Math.min(height, y2 + 1 + d);
    out.push({ box: [bx1, by1, bx2 - bx1, by2 - by1], score });
  }
  return out;
}
