import { instantiate, layOut, useWasmKernels } from './instantiate.js';
import { WASM } from './score-order.wasm.js';

interface Exports {
  rankAndPlace(...args: number[]): void;
}

/** Rankings of up to this many scores use the kernel (its memory, kept for the process, ≤ 29 MiB). */
const MAX_SCORES = 2 ** 20;

let kernel: { exports: Exports; buffer: ArrayBuffer } | undefined;

/**
 * score-order.wat for scoreOrder: the indices of score[0 .. n) by the rank of their score among the u
 * ascending `distinct` scores (highest first), index order within a rank; or undefined (kernels off,
 * or more than MAX_SCORES scores). One instance serves the process, made for MAX_SCORES at first use.
 */
export function rankAndPlaceWasm(
  score: Float64Array,
  n: number,
  distinct: Float64Array,
  u: number,
): Int32Array | undefined {
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
  new Float64Array(buffer, at.distinct!, u).set(distinct.subarray(0, u));
  new Int32Array(buffer, at.starts!, u + 1).fill(0);
  exports.rankAndPlace(at.score!, n, at.distinct!, u, at.bucket!, at.starts!, at.order!);
  return new Int32Array(buffer, at.order!, n).slice();
}
