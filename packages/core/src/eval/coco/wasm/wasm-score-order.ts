import { layOut, ProcessKernel, useWasmKernels } from './instantiate.js';
import { WASM } from './score-order.wasm.js';

interface Exports {
  rankAndPlace(...args: number[]): void;
  finite(score: number, n: number): number;
  dedupe(values: number, n: number): number;
  sortDoubles(values: number, n: number, tmp: number, counts: number): void;
}

/** Rankings of up to this many scores use the kernel (its memory, kept for the process, ≤ 29 MiB). */
const MAX_SCORES = 2 ** 20;

const kernel = new ProcessKernel<Exports>(WASM);

/**
 * scoreOrder of score[0 .. n) (finite scores, n ≥ 1) by score-order.wat around a native sort of the
 * scores in its memory; undefined when a score is not finite, or the kernels are off, or n is over
 * MAX_SCORES. One instance serves the process.
 */
export function scoreOrderWasm(score: Float64Array, n: number): Int32Array | undefined {
  if (n > MAX_SCORES || !useWasmKernels()) return undefined;
  const { at, total } = layOut([
    ['score', 8 * n],
    ['distinct', 8 * n],
    ['bucket', 4 * n],
    ['starts', 4 * (n + 1)],
    ['order', 4 * n],
    ['tmp', 8 * n],
    ['counts', 1024],
  ]);
  const { exports, buffer } = kernel.reserve(total);
  new Float64Array(buffer, at.score!, n).set(score.subarray(0, n));
  if (exports.finite(at.score!, n) === 0) return undefined;
  const distinct = new Float64Array(buffer, at.distinct!, n);
  distinct.set(score.subarray(0, n));
  exports.sortDoubles(at.distinct!, n, at.tmp!, at.counts!);
  const u = exports.dedupe(at.distinct!, n);
  new Int32Array(buffer, at.starts!, u + 1).fill(0);
  exports.rankAndPlace(at.score!, n, at.distinct!, u, at.bucket!, at.starts!, at.order!);
  return new Int32Array(buffer, at.order!, n).slice();
}
