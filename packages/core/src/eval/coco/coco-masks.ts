import {
  PolygonScratch,
  rleFromBox,
  rleFromPolygon,
  rleFromPolygonInto,
} from '../../geometry/rle-from-polygon.js';
import { rleAreaOf, rleBoxAreaInto } from '../../geometry/rle-iou.js';
import { rleMerge } from '../../geometry/rle-merge.js';
import type { CountsStrings } from './counts-strings.js';

/**
 * The masks of n COCO objects (ground truth or detections), made on first use. Loading records each
 * object's segmentation as read (polygons, compressed or uncompressed RLE, already checked with
 * `segmentationProblem`) and its size; `ensure(i)` rasterises or decodes it once, as pycocotools'
 * `annToRLE` does. A mask no IoU needs (an image–category pair without detections, say) is never
 * made, as in pycocotools, whose `evaluate()` converts masks only where it compares them.
 */
export class CocoMasks {
  readonly count: number;
  /** Mask size: the RLE's `size`, or the image's for polygons. */
  readonly heights: Int32Array;
  readonly widths: Int32Array;
  /** Runs (column-major, first run counts 0s) of the masks made so far; replaced as it grows. */
  counts: Uint32Array;
  /** Mask i is `counts[start[i] .. end[i])` once made; start is -1 until then. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Tight boxes [x, y, w, h] (pycocotools' `toBbox`) at 4 * i, NaN until `box(i)` made them. */
  readonly boxes: Float64Array;
  /** Foreground pixels, set with the box. */
  readonly areas: Float64Array;
  private readonly sources: unknown[];
  private used = 0;
  /** Runs the RLEs recorded can need (one per character at most): the pool's size once it grows. */
  private estimate = 0;
  private readonly scratch = new PolygonScratch();

  /** `strings`: where a number in `counts` points (see extractCountsStrings). */
  constructor(
    n: number,
    private readonly strings?: CountsStrings,
  ) {
    this.count = n;
    this.heights = new Int32Array(n);
    this.widths = new Int32Array(n);
    this.counts = new Uint32Array(1 << 16);
    this.start = new Float64Array(n).fill(-1);
    this.end = new Float64Array(n);
    this.boxes = new Float64Array(4 * n).fill(Number.NaN);
    this.areas = new Float64Array(n);
    this.sources = new Array<unknown>(n);
  }

  /** Object i's segmentation (valid: see segmentationProblem) on an h × w mask; undefined = empty. */
  set(i: number, segmentation: unknown, h: number, w: number): void {
    this.sources[i] = segmentation;
    const counts = (segmentation as { counts?: unknown } | undefined)?.counts;
    if (typeof counts === 'string' || Array.isArray(counts)) this.estimate += counts.length;
    else if (typeof counts === 'number' && this.strings)
      this.estimate += this.strings.end[counts]! - this.strings.start[counts]!;
    this.heights[i] = h;
    this.widths[i] = w;
  }

  /** Makes mask i (once); the segmentation read for it is released. */
  ensure(i: number): void {
    if (this.start[i]! >= 0) return;
    const at = this.used;
    this.decode(this.sources[i], this.heights[i]!, this.widths[i]!);
    this.start[i] = at;
    this.end[i] = this.used;
    this.sources[i] = undefined;
  }

  /** Foreground pixels of mask i. */
  area(i: number): number {
    this.ensure(i);
    return rleAreaOf(this.counts, this.start[i]!, this.end[i]!);
  }

  /** Offset of mask i's tight box in `boxes` (made, with the mask and its area, on first use). */
  box(i: number): number {
    const at = 4 * i;
    if (Number.isNaN(this.boxes[at]!)) {
      this.ensure(i);
      const { counts, start, end } = this;
      this.areas[i] = rleBoxAreaInto(counts, start[i]!, end[i]!, this.heights[i]!, this.boxes, at);
    }
    return at;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.counts.length) return;
    // Grown once to the RLEs' estimate (capped at 256 MB; pages never written are never touched),
    // then doubled as polygons need.
    let capacity = Math.max(this.counts.length * 2, Math.min(this.estimate, 1 << 26));
    while (capacity < this.used + extra) capacity *= 2;
    const grown = new Uint32Array(capacity);
    grown.set(this.counts.subarray(0, this.used));
    this.counts = grown;
  }

  private push(runs: ArrayLike<number>, n = runs.length): void {
    this.reserve(n);
    const counts = this.counts;
    let used = this.used;
    for (let j = 0; j < n; j++) counts[used++] = runs[j] as number;
    this.used = used;
  }

  private decode(segm: unknown, h: number, w: number): void {
    if (segm === undefined) {
      this.push([h * w]);
    } else if (Array.isArray(segm)) {
      const first = segm[0] as number[];
      if (segm.length === 1 && first.length > 4) {
        const m = rleFromPolygonInto(first, h, w, this.scratch);
        this.push(this.scratch.runs, m);
      } else {
        // Several polygons (or boxes, when the first part has 4 numbers, as `frPyObjects` reads it).
        const asBoxes = first.length === 4;
        const parts = (segm as number[][]).map((part) =>
          asBoxes ? rleFromBox(part, h, w, this.scratch) : rleFromPolygon(part, h, w, this.scratch),
        );
        this.push(rleMerge(parts));
      }
    } else {
      const counts = (segm as { counts: string | number | number[] }).counts;
      if (typeof counts === 'string') this.pushString(counts, 0, counts.length, 0);
      else if (typeof counts === 'number') {
        const strings = this.strings!;
        this.pushString(strings.text, strings.start[counts]!, strings.end[counts]!, 1);
      } else this.push(counts);
    }
  }

  /**
   * A pycocotools compressed counts string text[p0 .. p1) (checked), decoded as the C `rleFrString`;
   * `escaped` 1: JSON string content, where a backslash is written twice.
   */
  private pushString(text: string, p0: number, p1: number, escaped: number): void {
    this.reserve(p1 - p0);
    const counts = this.counts;
    const start = this.used;
    let used = start;
    let p = p0;
    while (p < p1) {
      let value = 0;
      let scale = 1;
      let group = 0;
      let more = true;
      while (more && p < p1) {
        group = text.charCodeAt(p++) - 48;
        if (group === 44) p += escaped;
        value += (group & 0x1f) * scale;
        scale *= 32;
        more = (group & 0x20) !== 0;
      }
      if (group & 0x10) value -= scale;
      if (used - start > 2) value += counts[used - 2]!;
      counts[used++] = value;
    }
    this.used = used;
  }
}
