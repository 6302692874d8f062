import type { CocoEvalImages, CocoObjects } from '../types.js';
import { KERNEL_MEMORY_LIMIT, layOut, ProcessKernel, useWasmKernels } from './instantiate.js';
import { WASM } from './rank-categories.wasm.js';

interface Exports {
  describe(...args: number[]): number;
  rankFrom(...args: number[]): number;
  sortTies(order: number, n: number, score: number, runs: number): number;
  partition(...args: number[]): void;
}

const kernel = new ProcessKernel<Exports>(WASM);

/**
 * accumulate.ts rankByCategory by rank-categories.wat, from the evaluation's ranking of every
 * detection (`ev.scoreOrder`): the same score, groupOf and byCategory; undefined when a score is not
 * finite, or the kernels are off, or the arrays would take its memory over KERNEL_MEMORY_LIMIT.
 */
export function rankByCategoryWasm(
  ev: CocoEvalImages,
  ranked: Int32Array,
  dt: CocoObjects,
  useCats: boolean,
): { score: Float64Array; groupOf: Int32Array; byCategory: Int32Array } | undefined {
  if (!useWasmKernels()) return undefined;
  const n = ev.dtOrder.length;
  const G = ev.groupCount;
  const objects = dt.count;
  const { at, total } = layOut([
    // Nothing at address 0: the kernel reads the element before an array's first (and ignores it).
    ['pad', 8],
    ['groupCategory', 4 * G],
    ['dtStart', 4 * (G + 1)],
    ['dtOrder', 4 * n],
    ['scores', 8 * objects],
    ['ranked', 4 * ranked.length],
    ['score', 8 * n],
    ['groupOf', 4 * n],
    ['categoryStart', 4 * G],
    ['positionOf', 4 * objects],
    ['order', 4 * n],
    ['runs', 8 * (Math.floor(n / 33) + 1)],
    ['firstGroup', 4 * G],
    ['next', 4 * G],
    ['byCategory', 4 * n],
  ]);
  if (total > KERNEL_MEMORY_LIMIT) return undefined;
  const k = kernel.hold(total);
  const { exports: x, buffer } = k;
  try {
    const i32 = (name: string, length: number) => new Int32Array(buffer, at[name]!, length);
    i32('groupCategory', G).set(ev.groupCategory.subarray(0, G));
    i32('dtStart', G + 1).set(ev.dtStart.subarray(0, G + 1));
    i32('dtOrder', n).set(ev.dtOrder);
    new Float64Array(buffer, at.scores!, objects).set(dt.scores.subarray(0, objects));
    i32('ranked', ranked.length).set(ranked);
    const finite = x.describe(
      G,
      useCats ? 1 : 0,
      at.groupCategory!,
      at.dtStart!,
      at.dtOrder!,
      at.scores!,
      at.score!,
      at.groupOf!,
      at.categoryStart!,
    );
    if (finite === 0) return undefined;
    const count = x.rankFrom(at.ranked!, ranked.length, objects, at.dtOrder!, n, at.positionOf!, at.order!);
    const order = i32('order', count);
    const long = x.sortTies(at.order!, count, at.score!, at.runs!);
    // Runs of more than 32 equal scores: sorted here, as sortTies sorts every run.
    const runs = i32('runs', 2 * long);
    for (let r = 0; r < long; r++) order.subarray(runs[2 * r]!, runs[2 * r + 1]!).sort();
    x.partition(
      at.order!,
      count,
      at.groupOf!,
      at.categoryStart!,
      G,
      at.firstGroup!,
      at.next!,
      at.byCategory!,
    );
    return {
      score: new Float64Array(buffer, at.score!, n).slice(),
      groupOf: i32('groupOf', n).slice(),
      byCategory: i32('byCategory', n).slice(),
    };
  } finally {
    k.release();
  }
}
