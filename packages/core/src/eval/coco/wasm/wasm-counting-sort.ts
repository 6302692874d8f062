import { WASM } from './counting-sort.wasm.js';
import { layOut, ProcessKernel, useWasmKernels } from './instantiate.js';

interface Exports {
  countingSort(...args: number[]): void;
}

/** Sorts of up to this many items, keys and buckets (each) use the kernel (≤ 16 MiB of memory). */
const MAX = 2 ** 20;

const kernel = new ProcessKernel<Exports>(WASM);

/**
 * countingSort (group-objects.ts) by counting-sort.wat, or undefined (kernels off, or over MAX). Its
 * memory goes back to the pool.
 */
export function countingSortWasm(
  items: Int32Array,
  buckets: number,
  key: Int32Array,
): Int32Array | undefined {
  const n = items.length;
  if (n > MAX || key.length > MAX || buckets > MAX || !useWasmKernels()) return undefined;
  const { at, total } = layOut([
    ['items', 4 * n],
    ['key', 4 * key.length],
    ['starts', 4 * (buckets + 1)],
    ['out', 4 * n],
  ]);
  const k = kernel.hold(total);
  try {
    const { exports, buffer } = k;
    new Int32Array(buffer, at.items!, n).set(items);
    new Int32Array(buffer, at.key!, key.length).set(key);
    new Int32Array(buffer, at.starts!, buckets + 1).fill(0);
    exports.countingSort(at.items!, n, buckets, at.key!, at.starts!, at.out!);
    return new Int32Array(buffer, at.out!, n).slice();
  } finally {
    k.release();
  }
}
