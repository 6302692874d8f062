import { layOut, ProcessKernel, useWasmKernels } from './instantiate.js';
import { WASM } from './score-order.wasm.js';

interface Exports {
  finite(score: number, n: number): number;
  argsortDescending(...args: number[]): number;
}

/** Rankings of up to this many scores use the kernel (a memory of the pool, ≤ 32 MiB). */
const MAX_SCORES = 2 ** 20;

const kernel = new ProcessKernel<Exports>(WASM);

/**
 * scoreOrder of score[0 .. n) (finite scores, n ≥ 1) by score-order.wat (argsortDescending: a stable radix
 * sort of the scores' keys with their indices; the same order as a native sort of the distinct scores,
 * their ranks and a counting sort); undefined when a score is not finite, or the kernels are off, or n is
 * over MAX_SCORES. Its memory goes back to the pool.
 */
export function scoreOrderWasm(score: Float64Array, n: number): Int32Array | undefined {
  if (n > MAX_SCORES || !useWasmKernels()) return undefined;
  const { at, total } = layOut([
    ['score', 8 * n],
    ['keys', 8 * n],
    ['tmpKeys', 8 * n],
    ['order', 4 * n],
    ['tmpOrder', 4 * n],
    ['counts', 1024],
  ]);
  const k = kernel.hold(total);
  try {
    const { exports, buffer } = k;
    new Float64Array(buffer, at.score!, n).set(score.subarray(0, n));
    if (exports.finite(at.score!, n) === 0) return undefined;
    const sorted = exports.argsortDescending(
      at.score!,
      n,
      at.keys!,
      at.tmpKeys!,
      at.order!,
      at.tmpOrder!,
      at.counts!,
    );
    return new Int32Array(buffer, sorted, n).slice();
  } finally {
    k.release();
  }
}
