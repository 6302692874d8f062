import { instantiate, KERNEL_MEMORY_LIMIT, layOut, useWasmKernels } from '../coco/wasm/instantiate.js';
import { WASM } from './tide-ap.wasm.js';

interface Exports {
  meanAp(...args: number[]): number;
  fixedPoints(...args: number[]): number;
}

/** TIDE's fix points (tide.ts FixPoints' arrays), here views of the kernel's memory. */
export interface FixPointArrays {
  kind: Int8Array;
  category: Int32Array;
  ignored: Uint8Array;
  fixedCategory: Int32Array;
}

/**
 * tide-ap.wat over one OrderedPoints: its points (class, positive) and per-class scratch in the
 * instance's memory; the points are views of it, filled by the caller.
 */
export class WasmTideAp {
  readonly category: Int32Array;
  readonly positive: Uint8Array;
  /** Room for as many fix points as points (tide.ts fixPoints fills them, `fixedPoints` reads them). */
  readonly fix: FixPointArrays;
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
    this.fix = {
      kind: new Int8Array(buffer, at.fixKind!, capacity),
      category: new Int32Array(buffer, at.fixCategory!, capacity),
      ignored: new Uint8Array(buffer, at.fixIgnored!, capacity),
      fixedCategory: new Int32Array(buffer, at.fixFixed!, capacity),
    };
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
      ['fixKind', capacity],
      ['fixCategory', 4 * capacity],
      ['fixIgnored', capacity],
      ['fixFixed', 4 * capacity],
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

  /** tide.ts fixedPoints of the first n fix points (`fix`), as the points; returns their number. */
  fixedPoints(n: number, fix: number): number {
    const { at } = this;
    return this.x.fixedPoints(
      n,
      fix,
      at.fixKind!,
      at.fixCategory!,
      at.fixIgnored!,
      at.fixFixed!,
      at.category!,
      at.positive!,
    );
  }
}
