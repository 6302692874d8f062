import { instantiate, KERNEL_MEMORY_LIMIT, layOut, useWasmKernels } from '../coco/wasm/instantiate.js';
import { WASM } from './tide-ap.wasm.js';

interface Exports {
  meanAp(...args: number[]): number;
  fixedPoints(...args: number[]): number;
  fixPoints(...args: number[]): void;
}

/** What tide.ts fixPoints reads: the errors' and true positives' columns and the ground truth's state. */
export interface FixPointInputs {
  /** Positions < errors.n are errors, the others true positives (q − errors.n). */
  order: Int32Array;
  errors: {
    n: number;
    type: Int8Array;
    category: Int32Array;
    ignored: Uint8Array;
    gt: Int32Array;
    det: Int32Array;
  };
  positives: { n: number; category: Int32Array };
  /** Per ground-truth object (gtObjects of them): matched, its best cls/loc detection, its class. */
  gtUsed: Uint8Array;
  gtBestDet: Int32Array;
  gtCategory: Int32Array;
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
  private readonly buffer: ArrayBuffer;

  private constructor(
    private readonly capacity: number,
    private readonly K: number,
    private readonly gtObjects: number,
    at: Record<string, number>,
    total: number,
  ) {
    this.at = at;
    const { exports, buffer } = instantiate<Exports>(WASM, total);
    this.x = exports;
    this.buffer = buffer;
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

  /**
   * For up to `capacity` points of K classes (and fix points from up to `gtObjects` ground-truth
   * objects), or undefined (kernels off, or too large).
   */
  static create(capacity: number, K: number, gtObjects = 0): WasmTideAp | undefined {
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
      // fixPoints' inputs
      ['order', 4 * capacity],
      ['eType', capacity],
      ['eCategory', 4 * capacity],
      ['eIgnored', capacity],
      ['eGt', 4 * capacity],
      ['eDet', 4 * capacity],
      ['pCategory', 4 * capacity],
      ['gtUsed', gtObjects],
      ['gtBestDet', 4 * gtObjects],
      ['gtCategory', 4 * gtObjects],
    ]);
    return total > KERNEL_MEMORY_LIMIT ? undefined : new WasmTideAp(capacity, K, gtObjects, at, total);
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

  /**
   * tide.ts fixPoints into `fix` (the first order.length fix points) by tide-ap.wat, the inputs copied
   * in; false (nothing done) when they do not fit the room `create` was given.
   */
  fixPoints(input: FixPointInputs): boolean {
    const { at, buffer } = this;
    const { order, errors: e, positives: p } = input;
    const G = input.gtUsed.length;
    const n = order.length;
    if (n > this.capacity || e.n + p.n > this.capacity || G > this.gtObjects) return false;
    if (input.gtBestDet.length !== G || input.gtCategory.length !== G) return false;
    new Int32Array(buffer, at.order!, n).set(order);
    new Int8Array(buffer, at.eType!, e.n).set(e.type.subarray(0, e.n));
    new Int32Array(buffer, at.eCategory!, e.n).set(e.category.subarray(0, e.n));
    new Uint8Array(buffer, at.eIgnored!, e.n).set(e.ignored.subarray(0, e.n));
    new Int32Array(buffer, at.eGt!, e.n).set(e.gt.subarray(0, e.n));
    new Int32Array(buffer, at.eDet!, e.n).set(e.det.subarray(0, e.n));
    new Int32Array(buffer, at.pCategory!, p.n).set(p.category.subarray(0, p.n));
    new Uint8Array(buffer, at.gtUsed!, G).set(input.gtUsed);
    new Int32Array(buffer, at.gtBestDet!, G).set(input.gtBestDet);
    new Int32Array(buffer, at.gtCategory!, G).set(input.gtCategory);
    this.x.fixPoints(
      n,
      e.n,
      at.order!,
      at.eType!,
      at.eCategory!,
      at.eIgnored!,
      at.eGt!,
      at.eDet!,
      at.pCategory!,
      at.gtUsed!,
      at.gtBestDet!,
      at.gtCategory!,
      G,
      at.fixKind!,
      at.fixCategory!,
      at.fixIgnored!,
      at.fixFixed!,
    );
    return true;
  }
}
