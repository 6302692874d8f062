import { instantiate, KERNEL_MEMORY_LIMIT, layOut, useWasmKernels } from '../coco/wasm/instantiate.js';
import { WASM } from './tide-ap.wasm.js';

interface Exports {
  meanAp(...args: number[]): number;
}

/**
 * tide-ap.wat over one OrderedPoints: its points (class, positive) and per-class scratch in the
 * instance's memory; the points are views of it, filled by the caller.
 */
export class WasmTideAp {
  readonly category: Int32Array;
  readonly positive: Uint8Array;
  private readonly gtCount: Float64Array;
  private readonly x: Exports;
  private readonly at: Record<string, number>;

  private constructor(
    capacity: number,
    private readonly K: number,
    at: Record<string, number>,
    total: number,
  ) {
    this.at = at;
    const { exports, buffer } = instantiate<Exports>(WASM, total);
    this.x = exports;
    this.category = new Int32Array(buffer, at.category!, capacity);
    this.positive = new Uint8Array(buffer, at.positive!, capacity);
    this.gtCount = new Float64Array(buffer, at.gtCount!, K);
  }

  /** For up to `capacity` points of K classes, or undefined (kernels off, or too large). */
  static create(capacity: number, K: number): WasmTideAp | undefined {
    if (!useWasmKernels()) return undefined;
    const { at, total } = layOut([
      ['category', 4 * capacity],
      ['positive', capacity],
      ['precision', 8 * capacity],
      ['points', 4 * K],
      ['positives', 4 * K],
      ['seen', 4 * K],
      ['tpSeen', 4 * K],
      ['offset', 4 * (K + 1)],
      ['gtCount', 8 * K],
    ]);
    return total > KERNEL_MEMORY_LIMIT ? undefined : new WasmTideAp(capacity, K, at, total);
  }

  /** OrderedPoints.meanAp of the first n points. */
  meanAp(n: number, gtCount: Float64Array): number {
    const { at, K } = this;
    this.gtCount.set(gtCount.subarray(0, K));
    return this.x.meanAp(
      n,
      K,
      at.category!,
      at.positive!,
      at.points!,
      at.positives!,
      at.seen!,
      at.tpSeen!,
      at.offset!,
      at.gtCount!,
      at.precision!,
    );
  }
}
