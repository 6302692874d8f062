import type { CocoAccumulated } from '../types.js';
import { WASM } from './curves.wasm.js';
import { instantiate, KERNEL_MEMORY_LIMIT, layOut, useWasmKernels } from './instantiate.js';

interface Exports {
  categoryCurves(...args: number[]): void;
  statMean(...args: number[]): number;
}

/** The instances by their precision array's memory (summarize finds the kernel of an accumulate's arrays). */
const byMemory = new WeakMap<ArrayBuffer, WasmCurves>();

/** Counts of accumulate's arrays. */
export interface CurveSizes {
  /** Detections evaluated (dtOrder's length), groups, and ground-truth objects. */
  nDt: number;
  groups: number;
  nGt: number;
  /** The most detections of one category. */
  largest: number;
}

/**
 * curves.wat over one accumulate: its precision and scores arrays (views of the instance's memory,
 * returned as the result's), every category's ranking, one area range's detection matches at a time,
 * the outcome codes and the curves' scratch.
 */
export class WasmCurves {
  readonly precision: Float64Array;
  readonly scores: Float64Array;
  readonly recall: Float64Array;
  private readonly x: Exports;
  private readonly buffer: ArrayBuffer;
  private readonly release: () => void;
  private readonly at: Record<string, number>;
  /** Per maxDets, where its kept ranks are (per category at 4 × the category's first position). */
  private readonly keptAt: number[] = [];
  /** Per maxDets, how many ranks the current category keeps (-1: every one). */
  private readonly keptCount: Int32Array;

  private constructor(
    private readonly counts: [number, number, number, number, number],
    private readonly sizes: CurveSizes,
    at: Record<string, number>,
    total: number,
  ) {
    const [T, R, K, A, M] = counts;
    this.at = at;
    const { exports, buffer, release } = instantiate<Exports>(WASM, total);
    this.x = exports;
    this.buffer = buffer;
    this.release = release;
    this.precision = new Float64Array(buffer, at.precision!, T * R * K * A * M);
    this.scores = new Float64Array(buffer, at.scores!, T * R * K * A * M);
    this.recall = new Float64Array(buffer, at.recall!, T * K * A * M);
    this.keptCount = new Int32Array(buffer, at.keptCount!, M);
    const every = new Int32Array(buffer, at.every!, sizes.largest);
    for (let i = 0; i < sizes.largest; i++) every[i] = i;
    for (let m = 0; m < M; m++) this.keptAt.push(at[`kept${m}`]!);
    new Int32Array(buffer, at.keptBase!, M).set(this.keptAt);
    byMemory.set(buffer, this);
  }

  /** The instance whose memory holds `precision` as its precision array, if any. */
  static of(precision: Float64Array): WasmCurves | undefined {
    const w = byMemory.get(precision.buffer as ArrayBuffer);
    return w && w.precision.byteOffset === precision.byteOffset && w.precision.length === precision.length
      ? w
      : undefined;
  }

  /**
   * summarize.ts summarizeStat's mean over thresholds t0 .. t1 (precision when `ap`, else recall) at
   * area a and maxDets m, categories k0 .. k1: -1 when no cell is > -1.
   */
  statMean(ap: boolean, t0: number, t1: number, a: number, m: number, k0: number, k1: number): number {
    const [, R, K, A, M] = this.counts;
    const { at } = this;
    const cells = ap ? at.precision! : at.recall!;
    return this.x.statMean(cells, t0, t1, ap ? R : 1, K, A, M, a, m, k0, k1, at.values!);
  }

  /**
   * Empties `acc`'s precision, recall and scores and, when they are this kernel's, gives its memory
   * back to the pool: for a caller that reads no more of them (the next kernels reuse the memory).
   */
  static releaseAccumulated(acc: CocoAccumulated): void {
    const w = WasmCurves.of(acc.precision);
    acc.precision = new Float64Array(0);
    acc.recall = new Float64Array(0);
    acc.scores = new Float64Array(0);
    if (w === undefined) return;
    byMemory.delete(w.buffer);
    w.release();
  }

  /** Curves for accumulate's counts [T, R, K, A, M], or undefined (kernels off, or too large). */
  static create(counts: [number, number, number, number, number], sizes: CurveSizes): WasmCurves | undefined {
    if (!useWasmKernels()) return undefined;
    const [T, R, K, A, M] = counts;
    const { nDt, groups, nGt, largest } = sizes;
    const list: [string, number][] = [
      ['precision', 8 * T * R * K * A * M],
      ['scores', 8 * T * R * K * A * M],
      ['recall', 8 * T * K * A * M],
      ['keptBase', 4 * M],
      ['keptCount', 4 * M],
      ['recThrs', 8 * R],
      ['dtStart', 4 * (groups + 1)],
      ['gtIds', 8 * nGt],
      ['dtMatches', 4 * T * nDt],
      ['dtIgnore', T * nDt],
      ['codes', T * largest],
      ['tpAt', 4 * (largest + 1)],
      ['fpAt', 4 * (largest + 1)],
      ['tpPrecision', 8 * (largest + 1)],
      ['every', 4 * largest],
      ['score', 8 * nDt],
      ['rankOf', 4 * nDt],
      ['values', 8 * T * R * K],
    ];
    for (let m = 0; m < M; m++) list.push([`kept${m}`, 4 * nDt]);
    const { at, total } = layOut(list);
    return total > KERNEL_MEMORY_LIMIT ? undefined : new WasmCurves(counts, sizes, at, total);
  }

  /** The evaluation's arrays the outcomes read: recall thresholds, group starts, GT ids. */
  setEvaluation(recThrs: Float64Array, dtStart: Int32Array, gtIds: Float64Array): void {
    const { at, buffer, sizes } = this;
    new Float64Array(buffer, at.recThrs!, recThrs.length).set(recThrs);
    new Int32Array(buffer, at.dtStart!, sizes.groups + 1).set(dtStart.subarray(0, sizes.groups + 1));
    new Float64Array(buffer, at.gtIds!, gtIds.length).set(gtIds);
  }

  /** One category's ranking (scores, ranks, kept ranks per maxDets), its detections from position `from`. */
  setCategory(from: number, score: Float64Array, rankOf: Int32Array, kept: (Int32Array | null)[]): void {
    const { at, buffer, sizes } = this;
    new Float64Array(buffer, at.score!, sizes.nDt).set(score, from);
    new Int32Array(buffer, at.rankOf!, sizes.nDt).set(rankOf, from);
    kept.forEach((ranks, m) => {
      if (ranks) new Int32Array(buffer, this.keptAt[m]!, sizes.nDt).set(ranks, from);
    });
  }

  /** One area range's detection matches. */
  setMatches(dtMatches: Int32Array, dtIgnore: Uint8Array): void {
    const { at, buffer } = this;
    new Int32Array(buffer, at.dtMatches!, dtMatches.length).set(dtMatches);
    new Uint8Array(buffer, at.dtIgnore!, dtIgnore.length).set(dtIgnore);
  }

  /**
   * accumulate's outcomesOf and categoryCurves for category k (groups g0 .. g1, n ranked detections from
   * position `from`; `kept` its kept ranks per maxDets, null: all) in area a, whose npig > 0.
   */
  categoryCurves(
    k: number,
    a: number,
    g0: number,
    g1: number,
    from: number,
    n: number,
    kept: (Int32Array | null)[],
    npig: number,
    recallOnly: boolean,
  ): void {
    const [T, R, K, A, M] = this.counts;
    const { at, keptCount } = this;
    for (let m = 0; m < M; m++) keptCount[m] = kept[m]?.length ?? -1;
    this.x.categoryCurves(
      k,
      a,
      g0,
      g1,
      n,
      from,
      npig,
      recallOnly ? 1 : 0,
      T,
      R,
      K,
      A,
      M,
      at.dtStart!,
      at.rankOf!,
      at.dtMatches!,
      at.dtIgnore!,
      at.gtIds!,
      at.keptBase!,
      at.keptCount!,
      at.every!,
      at.codes!,
      at.score!,
      at.recThrs!,
      at.precision!,
      at.scores!,
      at.recall!,
      at.tpAt!,
      at.fpAt!,
      at.tpPrecision!,
    );
  }
}
