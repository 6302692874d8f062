/**
 * COCO RLE for drawing: the compressed counts string (pycocotools' format, as @assay/core's
 * rleDecodeString reads it) → run lengths → a row-major 0/1 mask of height × width. Runs are
 * column-major and start with 0s.
 */

/** Decodes a pycocotools compressed counts string into run lengths; null for a malformed string. */
export function rleRunsFromString(text: string): number[] | null {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let value = 0;
    let scale = 1;
    let more = true;
    let group = 0;
    while (more) {
      if (p >= text.length) return null;
      group = text.charCodeAt(p++) - 48;
      if (group < 0 || group > 63) return null;
      value += (group & 0x1f) * scale;
      scale *= 32;
      more = (group & 0x20) !== 0;
    }
    if (group & 0x10) value -= scale;
    const n = counts.length;
    counts.push(n > 2 ? value + (counts[n - 2] as number) : value);
  }
  return counts;
}

/** A decoded mask: 1 where the object is, row-major (index y × width + x). */
export interface MaskBitmap {
  width: number;
  height: number;
  data: Uint8Array;
  /** Number of 1 pixels. */
  area: number;
  /** Tight box of the 1 pixels [x, y, w, h], or null when empty. */
  bbox: [number, number, number, number] | null;
}

/** Decodes an RLE ({size: [h, w], counts}) into a row-major mask; null when counts are malformed. */
export function rleToBitmap(
  size: readonly [number, number],
  counts: string | readonly number[],
): MaskBitmap | null {
  const [height, width] = size;
  const runs = typeof counts === 'string' ? rleRunsFromString(counts) : counts;
  if (!runs || !(height > 0 && width > 0)) return null;
  const total = height * width;
  const data = new Uint8Array(total);
  let pos = 0;
  let area = 0;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r] as number;
    if (run < 0 || pos + run > total) return null;
    if (r % 2 === 1 && run > 0) {
      for (let k = pos; k < pos + run; k++) {
        // Column-major position k → column k / height, row k % height.
        const x = Math.floor(k / height);
        const y = k - x * height;
        data[y * width + x] = 1;
      }
      area += run;
      const xa = Math.floor(pos / height);
      const xb = Math.floor((pos + run - 1) / height);
      x0 = Math.min(x0, xa);
      x1 = Math.max(x1, xb);
      // A run that wraps into the next column covers row 0 and row height-1 (its bounding rows).
      if (xb > xa) {
        y0 = 0;
        y1 = height - 1;
      } else {
        y0 = Math.min(y0, pos - xa * height);
        y1 = Math.max(y1, pos + run - 1 - xa * height);
      }
    }
    pos += run;
  }
  const bbox: MaskBitmap['bbox'] = area > 0 ? [x0, y0, x1 - x0 + 1, y1 - y0 + 1] : null;
  return { width, height, data, area, bbox };
}
