import { instantiate, layOut, useWasmKernels } from './instantiate.js';
import { WASM } from './score-order.wasm.js';

interface Exports {
  rankAndPlace(...args: number[]): void;
  finite(score: number, n: number): number;
  dedupe(values: number, n: number): number;
}

/** Rankings of up to this many scores use the kernel (its memory, kept for the process, ≤ 29 MiB). */
const MAX_SCORES = 2 ** 20;

let kernel: { exports: Exports; buffer: ArrayBuffer } | undefined;

/**
 * scoreOrder of score[0 .. n) (finite scores, n ≥ 1) by score-order.wat around a native sort of the
 * scores in its memory; undefined when a score is not finite, or the kernels are off, or n is over
 * MAX_SCORES. One instance serves the process, made for MAX_SCORES at first use.
 */
export function scoreOrderWasm(score: Float64Array, n: number): Int32Array | undefined {
  if (n > MAX_SCORES || !useWasmKernels()) return undefined;
  const { at, total } = layOut([
    ['score', 8 * MAX_SCORES],
    ['distinct', 8 * MAX_SCORES],
    ['bucket', 4 * MAX_SCORES],
    ['starts', 4 * (MAX_SCORES + 1)],
    ['order', 4 * MAX_SCORES],
  ]);
  kernel ??= instantiate<Exports>(WASM, total);
  const { exports, buffer } = kernel;
  new Float64Array(buffer, at.score!, n).set(score.subarray(0, n));
  if (exports.finite(at.score!, n) === 0) return undefined;
  const distinct = new Float64Array(buffer, at.distinct!, n);
  distinct.set(score.subarray(0, n));
  distinct.sort();
  const u = exports.dedupe(at.distinct!, n);
  new Int32Array(buffer, at.starts!, u + 1).fill(0);
  exports.rankAndPlace(at.score!, n, at.distinct!, u, at.bucket!, at.starts!, at.order!);
  return new Int32Array(buffer, at.order!, n).slice();
}
