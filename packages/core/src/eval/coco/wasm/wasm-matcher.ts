import type { GroupLayout } from '../compute-ious.js';
import type { CocoAreaMatches } from '../types.js';
import { instantiate, KERNEL_MEMORY_LIMIT, layOut, useWasmKernels } from './instantiate.js';
import { WASM } from './match-groups.wasm.js';

interface Exports {
  matchGroups(...args: number[]): void;
  boxIous(...args: number[]): void;
  sameFlagGroups(...args: number[]): void;
}

/** One area range's matches: views of the matcher's memory. */
class WasmAreaMatches implements CocoAreaMatches {
  constructor(
    readonly gtSorted: Int32Array,
    readonly gtIgnore: Uint8Array,
    readonly dtMatches: Int32Array,
    readonly dtIgnore: Uint8Array,
    readonly gtMatches: Int32Array,
  ) {}
}

/** The evaluation's arrays the matching reads besides the layout (boxes: bbox evaluations). */
export interface MatcherArrays {
  iouStart: Float64Array;
  iscrowd: Uint8Array;
  dtAreas: Float64Array;
  gtIds: Float64Array;
  dtBoxes?: Float64Array;
  gtBoxes?: Float64Array;
}

/**
 * match-groups.wat over one evaluation: its groups, IoUs and every area range's matches in one
 * instance's memory. The IoUs are computed there (boxes) or copied in (setIous). Each kept range has a
 * region of its own, and its matches are views of it (a range matched again is written again with the
 * same values); the ranges that are not kept share one region, so a range's matches made there are valid
 * until the next such range is matched. The first range's region serves the others as their reference
 * without a copy.
 */
export class WasmMatcher {
  /** The IoUs (a view of the memory; see CocoEvalImages.ious). */
  readonly ious: Float64Array;
  private readonly x: Exports;
  private readonly buffer: ArrayBuffer;
  /** Gives the memory back to the pool: the IoUs and every range's matches may be written over afterwards. */
  readonly release: () => void;
  private readonly at: Record<string, number>;
  private readonly ranges: number[] = [];
  private readonly rangeOf = new WeakMap<CocoAreaMatches, number>();

  private constructor(
    private readonly layout: GroupLayout,
    arrays: MatcherArrays,
    private readonly T: number,
    A: number,
    kept: number,
    at: Record<string, number>,
    rangeBytes: number,
    statics: number,
  ) {
    this.at = at;
    for (let a = 0; a < A; a++) this.ranges.push(statics + Math.min(a, kept) * rangeBytes);
    const regions = Math.min(A, kept + 1);
    const { exports, buffer, release } = instantiate<Exports>(WASM, statics + regions * rangeBytes);
    this.x = exports;
    this.buffer = buffer;
    this.release = release;
    const gc = layout.groupCount;
    new Int32Array(buffer, at.gtStart!, gc + 1).set(layout.gtStart.subarray(0, gc + 1));
    new Int32Array(buffer, at.dtStart!, gc + 1).set(layout.dtStart.subarray(0, gc + 1));
    new Int32Array(buffer, at.gtOrder!, layout.gtOrder.length).set(layout.gtOrder);
    new Int32Array(buffer, at.dtOrder!, layout.dtOrder.length).set(layout.dtOrder);
    new Float64Array(buffer, at.iouStart!, gc + 1).set(arrays.iouStart.subarray(0, gc + 1));
    this.ious = new Float64Array(buffer, at.ious!, arrays.iouStart[gc]!);
    new Uint8Array(buffer, at.iscrowd!, arrays.iscrowd.length).set(arrays.iscrowd);
    new Float64Array(buffer, at.dtAreas!, arrays.dtAreas.length).set(arrays.dtAreas);
    new Float64Array(buffer, at.gtIds!, arrays.gtIds.length).set(arrays.gtIds);
    if (arrays.dtBoxes && arrays.gtBoxes) {
      new Float64Array(buffer, at.dtBoxes!, arrays.dtBoxes.length).set(arrays.dtBoxes);
      new Float64Array(buffer, at.gtBoxes!, arrays.gtBoxes.length).set(arrays.gtBoxes);
    }
  }

  /**
   * The box IoUs of every group of `layout` (computeIous for bbox) in a memory of their own, or
   * undefined (kernels off, or too large).
   */
  static boxIous(layout: GroupLayout, arrays: Required<MatcherArrays>): Float64Array | undefined {
    return WasmMatcher.create(layout, arrays, 0, 0)?.computeBoxIous();
  }

  /** The box IoUs of every group (compute-ious.ts computeIous for bbox), into `ious`. */
  computeBoxIous(): Float64Array {
    const { at, layout } = this;
    this.x.boxIous(
      layout.groupCount,
      at.gtStart!,
      at.gtOrder!,
      at.dtStart!,
      at.dtOrder!,
      at.iouStart!,
      at.ious!,
      at.dtBoxes!,
      at.gtBoxes!,
      at.iscrowd!,
    );
    return this.ious;
  }

  /**
   * A matcher for T thresholds and A area ranges, of which the first `kept` keep their matches (the
   * others share a region), or undefined (kernels off, or too large for one).
   */
  static create(
    layout: GroupLayout,
    arrays: MatcherArrays,
    T: number,
    A: number,
    kept = A,
  ): WasmMatcher | undefined {
    if (!useWasmKernels()) return undefined;
    const gc = layout.groupCount;
    const nGt = layout.gtOrder.length;
    const nDt = layout.dtOrder.length;
    let maxD = 0;
    let maxDG = 0;
    for (let grp = 0; grp < gc; grp++) {
      const d = layout.dtStart[grp + 1]! - layout.dtStart[grp]!;
      const g = layout.gtStart[grp + 1]! - layout.gtStart[grp]!;
      if (d > maxD) maxD = d;
      if (d * g > maxDG) maxDG = d * g;
    }
    const { at, total } = layOut([
      ['gtStart', 4 * (gc + 1)],
      ['dtStart', 4 * (gc + 1)],
      ['gtOrder', 4 * nGt],
      ['dtOrder', 4 * nDt],
      ['iouStart', 8 * (gc + 1)],
      ['ious', 8 * arrays.iouStart[gc]!],
      ['dtBoxes', 8 * (arrays.dtBoxes?.length ?? 0)],
      ['gtBoxes', 8 * (arrays.gtBoxes?.length ?? 0)],
      ['iscrowd', arrays.iscrowd.length],
      ['dtAreas', 8 * arrays.dtAreas.length],
      ['gtIds', 8 * arrays.gtIds.length],
      ['flags', arrays.iscrowd.length],
      ['refFlags', arrays.iscrowd.length],
      ['same', gc],
      ['thresholds', 8 * T],
      ['cols', 4 * nGt],
      ['cstart', 4 * (maxD + 1)],
      ['cat', 4 * maxDG],
    ]);
    const range = rangeLayout(nGt, nDt, T);
    if (total + Math.min(A, kept + 1) * range.total > KERNEL_MEMORY_LIMIT) return undefined;
    return new WasmMatcher(layout, arrays, T, A, kept, at, range.total, total);
  }

  /**
   * Range a's matches (matchArea's loop and ignoreOutOfRange): `flags` per GT object; `refFlags`, the
   * reference range's flags (undefined: every group matched), whose matches `ref` (made by this matcher)
   * a group copies when sameFlagGroups says so (the kernel's, from both flags).
   */
  match(
    a: number,
    flags: Uint8Array,
    refFlags: Uint8Array | undefined,
    ref: CocoAreaMatches | undefined,
    thresholds: Float64Array,
    lowest: number,
    lo: number,
    hi: number,
  ): CocoAreaMatches {
    const { at, T, buffer, layout } = this;
    const nGt = layout.gtOrder.length;
    const nDt = layout.dtOrder.length;
    const gc = layout.groupCount;
    new Uint8Array(buffer, at.flags!, flags.length).set(flags);
    // The reference is another range's region (a reference from elsewhere is not copied in: every
    // group is then matched, which gives the same matches).
    const refRange = ref === undefined ? undefined : this.rangeOf.get(ref);
    if (refFlags && refRange !== undefined) {
      new Uint8Array(buffer, at.refFlags!, refFlags.length).set(refFlags);
      this.x.sameFlagGroups(gc, at.gtStart!, at.gtOrder!, at.flags!, at.refFlags!, at.same!);
    } else new Uint8Array(buffer, at.same!, gc).fill(0);
    const r = rangeLayout(nGt, nDt, T).at;
    const refBase = this.ranges[refRange ?? a]!;
    new Float64Array(buffer, at.thresholds!, T).set(thresholds);
    const base = this.ranges[a]!;
    const out = new WasmAreaMatches(
      new Int32Array(buffer, base + r.gtSorted!, nGt),
      new Uint8Array(buffer, base + r.gtIgnore!, nGt),
      new Int32Array(buffer, base + r.dtMatches!, T * nDt),
      new Uint8Array(buffer, base + r.dtIgnore!, T * nDt),
      new Int32Array(buffer, base + r.gtMatches!, T * nGt),
    );
    this.x.matchGroups(
      gc,
      at.gtStart!,
      at.gtOrder!,
      at.dtStart!,
      at.dtOrder!,
      at.iouStart!,
      at.ious!,
      at.iscrowd!,
      at.flags!,
      at.same!,
      refBase + r.gtSorted!,
      refBase + r.gtMatches!,
      refBase + r.dtMatches!,
      out.gtSorted.byteOffset,
      out.gtIgnore.byteOffset,
      out.gtMatches.byteOffset,
      out.dtMatches.byteOffset,
      out.dtIgnore.byteOffset,
      at.cols!,
      at.cstart!,
      at.cat!,
      at.thresholds!,
      T,
      lowest,
      at.dtAreas!,
      at.gtIds!,
      lo,
      hi,
    );
    this.rangeOf.set(out, a);
    return out;
  }
}

/** Where one range's matches are within its region. */
function rangeLayout(nGt: number, nDt: number, T: number) {
  return layOut([
    ['gtSorted', 4 * nGt],
    ['gtIgnore', nGt],
    ['gtMatches', 4 * T * nGt],
    ['dtMatches', 4 * T * nDt],
    ['dtIgnore', T * nDt],
  ]);
}
