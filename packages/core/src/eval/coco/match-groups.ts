import type { GroupLayout } from './compute-ious.js';
import type { CocoAreaMatches, CocoEvalParams, CocoObjects } from './types.js';
import type { WasmMatcher } from './wasm/wasm-matcher.js';

/** pycocotools' `_prepare` + `evaluateImg` ignore flag of every ground truth in one area range. */
function gtIgnoreFlags(gt: CocoObjects, lo: number, hi: number, keypoints: boolean): Uint8Array {
  const flags = new Uint8Array(gt.count);
  for (let i = 0; i < gt.count; i++) {
    const area = gt.areas[i]!;
    const ignored = gt.iscrowd[i] === 1 || (keypoints && gt.numKeypoints[i] === 0) || area < lo || area > hi;
    flags[i] = ignored ? 1 : 0;
  }
  return flags;
}

interface MatchInput {
  layout: GroupLayout;
  gt: CocoObjects;
  dt: CocoObjects;
  params: CocoEvalParams;
  iouStart: Float64Array;
  ious: Float64Array;
  /** The WebAssembly kernel over this evaluation (undefined: the JS loop below). */
  matcher: WasmMatcher | undefined;
}

/** Matches made for another area range of the same evaluation, and that range's index. */
export interface ReferenceMatches {
  areaIndex: number;
  matches: CocoAreaMatches;
}

/**
 * One range's matches (CocoAreaMatches) as a class, not an object literal: V8 makes a literal's
 * boilerplate when the literal runs a second time and forgets then the types of its fields (the second
 * range's matches would de-optimise every function compiled meanwhile that reads them); the fields a
 * constructor sets keep their types.
 */
class AreaMatches implements CocoAreaMatches {
  gtSorted: Int32Array;
  gtIgnore: Uint8Array;
  dtMatches: Int32Array;
  dtIgnore: Uint8Array;
  gtMatches: Int32Array;
  constructor(nGt: number, nDt: number, T: number) {
    this.gtSorted = new Int32Array(nGt);
    this.gtIgnore = new Uint8Array(nGt);
    this.dtMatches = new Int32Array(T * nDt).fill(-1);
    this.dtIgnore = new Uint8Array(T * nDt);
    this.gtMatches = new Int32Array(T * nGt).fill(-1);
  }
}

/** A ReferenceMatches made by a constructor (see AreaMatches). */
export class Reference implements ReferenceMatches {
  constructor(
    readonly areaIndex: number,
    readonly matches: CocoAreaMatches,
  ) {}
}

/**
 * Greedy matching of one area range, pycocotools' `evaluateImg` for every group: detections in score
 * order take the best still-free ground truth with IoU ≥ min(t, 1 − 1e-10) (crowds stay free), a
 * non-ignored match is never traded for an ignored one, and unmatched detections outside the range are
 * ignored.
 *
 * With `reference` (another range's matches over the same groups and IoUs), a group takes the
 * reference's matches instead of a greedy pass when its ground truth has the same ignore flags in both
 * ranges, or one flag for all of it in each range (e.g. all in range in one, all out in the other). The
 * pass reads nothing else of the range: its GT order is the visiting order sorted by flag, stable (the
 * visiting order itself under one flag), and a match is broken only when an ignored GT follows a
 * non-ignored one (never under one flag), so the matches are the same. The ignore flags of the GT and of
 * matched detections are this range's; the ignoring of unmatched detections by area is redone.
 */
export function matchArea(
  input: MatchInput,
  areaIndex: number,
  reference?: ReferenceMatches,
): CocoAreaMatches {
  const { layout, gt, params } = input;
  const [lo, hi] = params.areaRanges[areaIndex]!;
  const keypoints = params.iouType === 'keypoints';
  const flags = gtIgnoreFlags(gt, lo, hi, keypoints);
  const refFlags =
    reference && reference.areaIndex !== areaIndex ? referenceFlags(input, reference) : undefined;
  const T = params.iouThrs.length;
  const nGt = layout.gtOrder.length;
  const nDt = layout.dtOrder.length;
  const thresholds = params.iouThrs.map((t) => Math.min(t, 1 - 1e-10));
  let lowest = Number.POSITIVE_INFINITY;
  for (const t of thresholds) lowest = Math.min(lowest, t);
  // The kernel in match-groups.wat does the same; this loop is for evaluations too large for it.
  const wasm = input.matcher;
  if (wasm) return wasm.match(areaIndex, flags, refFlags, reference?.matches, thresholds, lowest, lo, hi);
  const same = refFlags && sameFlagGroups(input, refFlags, flags);
  const out = new AreaMatches(nGt, nDt, T);
  const cols = new Int32Array(nGt);
  const candidates = Candidates.fit(layout);
  for (let grp = 0; grp < layout.groupCount; grp++) {
    if (same?.[grp] === 1) copyGroup(layout, grp, T, reference!.matches, out, flags);
    else {
      sortGtByIgnore(layout, grp, flags, out, cols);
      matchGroup(input, grp, cols, out, thresholds, lowest, candidates);
    }
  }
  ignoreOutOfRange(
    layout.dtStart,
    layout.dtOrder,
    layout.groupCount,
    input.dt.areas,
    gt.ids,
    out.dtMatches,
    out.dtIgnore,
    T,
    lo,
    hi,
  );
  return out;
}

/** The GT ignore flags of the reference's range, made once per reference matches. */
const referenceFlagsOf = new WeakMap<CocoAreaMatches, Uint8Array>();

function referenceFlags(input: MatchInput, reference: ReferenceMatches): Uint8Array {
  let flags = referenceFlagsOf.get(reference.matches);
  if (flags === undefined) {
    const { gt, params } = input;
    const [lo, hi] = params.areaRanges[reference.areaIndex]!;
    flags = gtIgnoreFlags(gt, lo, hi, params.iouType === 'keypoints');
    referenceFlagsOf.set(reference.matches, flags);
  }
  return flags;
}

/**
 * 1 for each group whose ground truth has the same ignore flags in the reference's range (`other`) as in `flags`,
 * or one flag for all of it in each of the two ranges (see matchArea).
 */
function sameFlagGroups(input: MatchInput, other: Uint8Array, flags: Uint8Array): Uint8Array {
  const { layout } = input;
  const same = new Uint8Array(layout.groupCount);
  const order = layout.gtOrder;
  for (let grp = 0; grp < layout.groupCount; grp++) {
    same[grp] = copyable(order, layout.gtStart[grp]!, layout.gtStart[grp + 1]!, flags, other);
  }
  return same;
}

/** 1 when the GT order[j0 .. j1) has the same flags in both, or one flag for all in each. */
function copyable(order: Int32Array, j0: number, j1: number, flags: Uint8Array, other: Uint8Array): number {
  if (j1 === j0) return 1;
  let equal = 1;
  let uniform = 1;
  const first = order[j0]!;
  for (let j = j0; j < j1; j++) {
    const obj = order[j]!;
    if (flags[obj] !== other[obj]) equal = 0;
    if (flags[obj] !== flags[first] || other[obj] !== other[first]) uniform = 0;
  }
  return equal | uniform;
}

/**
 * A group's matches copied from the reference range's. The GT's and a matched detection's ignore flags
 * are this range's (the reference's own out-of-range ignoring is not copied; ignoreOutOfRange redoes it
 * for this range).
 */
function copyGroup(
  layout: GroupLayout,
  grp: number,
  T: number,
  from: CocoAreaMatches,
  out: CocoAreaMatches,
  flags: Uint8Array,
): void {
  const g0 = layout.gtStart[grp]!;
  const g1 = layout.gtStart[grp + 1]!;
  const d0 = layout.dtStart[grp]!;
  const d1 = layout.dtStart[grp + 1]!;
  // Element loops, not set(subarray): a view per group and range was most of the process's garbage.
  for (let at = g0; at < g1; at++) {
    const obj = from.gtSorted[at]!;
    out.gtSorted[at] = obj;
    out.gtIgnore[at] = flags[obj]!;
  }
  const gtMatches = from.gtMatches;
  for (let i = T * g0; i < T * g1; i++) out.gtMatches[i] = gtMatches[i]!;
  const dtMatches = from.dtMatches;
  for (let i = T * d0; i < T * d1; i++) {
    const m = dtMatches[i]!;
    out.dtMatches[i] = m;
    if (m >= 0) out.dtIgnore[i] = flags[m]!;
  }
}

/** Stable sort of a group's GT by ignore flag; `cols[at]` = the visiting-order column of sorted GT at. */
function sortGtByIgnore(
  layout: GroupLayout,
  grp: number,
  flags: Uint8Array,
  out: CocoAreaMatches,
  cols: Int32Array,
): void {
  const order = layout.gtOrder;
  const g0 = layout.gtStart[grp]!;
  const g1 = layout.gtStart[grp + 1]!;
  let at = g0;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = g0; j < g1; j++) {
      const obj = order[j]!;
      if (flags[obj] !== pass) continue;
      out.gtSorted[at] = obj;
      out.gtIgnore[at] = pass;
      cols[at] = j - g0;
      at++;
    }
  }
}

/**
 * Per detection of a group, the sorted ground truth it could match at some threshold: positions
 * `at[start[d] .. start[d + 1])`. Scratch of one matchArea, sized once for its largest group: its
 * fields are set in the constructor only (a field written again de-optimised the matching).
 */
class Candidates {
  /** Keeps the hidden class alive between area ranges (see json-bytes.ts JsonBytes.kept). */
  static readonly kept: Candidates = new Candidates(0, 0);

  readonly start: Int32Array;
  readonly at: Int32Array;

  /** Room for D detections and D × G pairs. */
  constructor(D: number, DG: number) {
    this.start = new Int32Array(D + 1);
    this.at = new Int32Array(DG);
  }

  /** Room for the largest group of `layout` (most detections, most detection × ground-truth pairs). */
  static fit(layout: GroupLayout): Candidates {
    let D = 0;
    let DG = 0;
    for (let grp = 0; grp < layout.groupCount; grp++) {
      const d = layout.dtStart[grp + 1]! - layout.dtStart[grp]!;
      const g = layout.gtStart[grp + 1]! - layout.gtStart[grp]!;
      if (d > D) D = d;
      if (d * g > DG) DG = d * g;
    }
    return new Candidates(D, DG);
  }
}

/**
 * Greedy matching of one group at every threshold. Only the ground truth whose IoU with a detection
 * reaches the lowest threshold can take part (the others are passed over at every threshold: the
 * match-breaking rule below meets an ignored ground truth with a high IoU as early), so they are
 * listed once per detection, in sorted order, and each threshold walks those lists.
 */
function matchGroup(
  input: MatchInput,
  grp: number,
  cols: Int32Array,
  out: CocoAreaMatches,
  thresholds: Float64Array,
  lowest: number,
  c: Candidates,
): void {
  const { layout, iouStart, ious } = input;
  const T = thresholds.length;
  const g0 = layout.gtStart[grp]!;
  const G = layout.gtStart[grp + 1]! - g0;
  const d0 = layout.dtStart[grp]!;
  const D = layout.dtStart[grp + 1]! - d0;
  if (G === 0 || D === 0) return;
  const base = iouStart[grp]!;
  listCandidates(ious, base, cols, g0, D, G, lowest, c.start, c.at);
  const { gtSorted, gtIgnore, gtMatches, dtMatches, dtIgnore } = out;
  const iscrowd = input.gt.iscrowd;
  const dtOrder = layout.dtOrder;
  for (let t = 0; t < T; t++) {
    matchAtThreshold(
      c.start,
      c.at,
      ious,
      base,
      cols,
      gtSorted,
      gtIgnore,
      gtMatches,
      dtMatches,
      dtIgnore,
      iscrowd,
      dtOrder,
      g0,
      G,
      d0,
      D,
      T * d0 + t * D,
      T * g0 + t * G,
      thresholds[t]!,
    );
  }
}

/**
 * One threshold's greedy pass over a group (see matchGroup): typed arrays and numbers only, so its
 * compiled code depends on no object's shape. `dRow`/`gRow`: where the group's detections' and ground
 * truth's matches at this threshold start.
 */
function matchAtThreshold(
  start: Int32Array,
  at: Int32Array,
  ious: Float64Array,
  base: number,
  cols: Int32Array,
  gtSorted: Int32Array,
  gtIgnore: Uint8Array,
  gtMatches: Int32Array,
  dtMatches: Int32Array,
  dtIgnore: Uint8Array,
  iscrowd: Uint8Array,
  dtOrder: Int32Array,
  g0: number,
  G: number,
  d0: number,
  D: number,
  dRow: number,
  gRow: number,
  threshold: number,
): void {
  for (let d = 0; d < D; d++) {
    let best = threshold;
    let m = -1;
    const iouRow = base + d * G;
    for (let q = start[d]!; q < start[d + 1]!; q++) {
      const j = at[q]!;
      if (gtMatches[gRow + j]! >= 0 && iscrowd[gtSorted[g0 + j]!] !== 1) continue;
      if (m > -1 && gtIgnore[g0 + m] === 0 && gtIgnore[g0 + j] === 1) break;
      const iou = ious[iouRow + cols[g0 + j]!]!;
      if (iou < best) continue;
      best = iou;
      m = j;
    }
    if (m === -1) continue;
    dtIgnore[dRow + d] = gtIgnore[g0 + m]!;
    dtMatches[dRow + d] = gtSorted[g0 + m]!;
    gtMatches[gRow + m] = dtOrder[d0 + d]!;
  }
}

/** For each detection d, the sorted positions j whose IoU is not below `lowest`: at[start[d] .. start[d+1]). */
function listCandidates(
  ious: Float64Array,
  base: number,
  cols: Int32Array,
  g0: number,
  D: number,
  G: number,
  lowest: number,
  start: Int32Array,
  at: Int32Array,
): void {
  let n = 0;
  for (let d = 0; d < D; d++) {
    start[d] = n;
    const row = base + d * G;
    for (let j = 0; j < G; j++) if (!(ious[row + cols[g0 + j]!]! < lowest)) at[n++] = j;
  }
  start[D] = n;
}

/**
 * Unmatched detections outside the area range are ignored (every group's, after the matching: a
 * group's pass reads and writes its own detections only). A match to a GT with id 0 counts as
 * unmatched here and in accumulate: pycocotools stores the GT id and tests it for truth.
 */
function ignoreOutOfRange(
  dtStart: Int32Array,
  dtOrder: Int32Array,
  groupCount: number,
  dtAreas: Float64Array,
  gtIds: Float64Array,
  dtMatches: Int32Array,
  dtIgnore: Uint8Array,
  T: number,
  lo: number,
  hi: number,
): void {
  for (let grp = 0; grp < groupCount; grp++) {
    const d0 = dtStart[grp]!;
    const D = dtStart[grp + 1]! - d0;
    for (let d = 0; d < D; d++) {
      const area = dtAreas[dtOrder[d0 + d]!]!;
      if (!(area < lo || area > hi)) continue;
      for (let at = T * d0 + d; at < T * (d0 + D); at += D) {
        const matched = dtMatches[at]!;
        if (matched < 0 || gtIds[matched] === 0) dtIgnore[at] = 1;
      }
    }
  }
}
