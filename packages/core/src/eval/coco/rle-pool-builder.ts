import { PolygonScratch } from '../../geometry/rle-from-polygon.js';
import type { RlePool } from './types.js';

/** Builds an RlePool mask by mask, growing one Uint32Array (no per-mask allocation). */
export class RlePoolBuilder {
  private counts: Uint32Array;
  private used = 0;
  private readonly offsets: number[] = [0];
  private readonly heights: number[] = [];
  private readonly widths: number[] = [];
  /** Buffers for rasterising the polygons added to this pool. */
  readonly scratch = new PolygonScratch();

  /** `capacity`: expected number of runs in all (the pool grows past it when needed). */
  constructor(capacity = 1 << 16) {
    this.counts = new Uint32Array(Math.max(16, capacity));
  }

  get size(): number {
    return this.heights.length;
  }

  heightOf(i: number): number {
    return this.heights[i] ?? 0;
  }

  widthOf(i: number): number {
    return this.widths[i] ?? 0;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.counts.length) return;
    let capacity = this.counts.length * 2;
    while (capacity < this.used + extra) capacity *= 2;
    const grown = new Uint32Array(capacity);
    grown.set(this.counts.subarray(0, this.used));
    this.counts = grown;
  }

  private finish(h: number, w: number): void {
    this.offsets.push(this.used);
    this.heights.push(h);
    this.widths.push(w);
  }

  /** Adds a mask given as run lengths. */
  addRuns(runs: ArrayLike<number>, h: number, w: number): void {
    this.reserve(runs.length);
    for (let i = 0; i < runs.length; i++) this.counts[this.used++] = runs[i] as number;
    this.finish(h, w);
  }

  /**
   * Adds a mask given as a pycocotools compressed counts string (decoded as the C `rleFrString`).
   * Returns false (adding nothing) when the string is malformed.
   */
  addString(text: string, h: number, w: number): boolean {
    this.reserve(text.length);
    const start = this.used;
    let p = 0;
    while (p < text.length) {
      let value = 0;
      let scale = 1;
      let group = 0;
      let more = true;
      while (more) {
        if (p >= text.length) return this.rollback(start);
        group = text.charCodeAt(p++) - 48;
        if (group < 0 || group > 63) return this.rollback(start);
        value += (group & 0x1f) * scale;
        scale *= 32;
        more = (group & 0x20) !== 0;
      }
      if (group & 0x10) value -= scale;
      const m = this.used - start;
      if (m > 2) value += this.counts[this.used - 2]!;
      this.counts[this.used++] = value;
    }
    this.finish(h, w);
    return true;
  }

  private rollback(start: number): false {
    this.used = start;
    return false;
  }

  /** Adds an empty (all background) mask: one run of h*w zeros. */
  addEmpty(h: number, w: number): void {
    this.addRuns([h * w], h, w);
  }

  build(): RlePool {
    return {
      // A view, not a copy: the spare capacity stays allocated but is never read.
      counts: this.counts.subarray(0, this.used),
      offsets: Float64Array.from(this.offsets),
      heights: Int32Array.from(this.heights),
      widths: Int32Array.from(this.widths),
    };
  }
}
