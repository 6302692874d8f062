import type { ObjectGroups } from '../group-objects.js';
import type { CocoObjects } from '../types.js';
import { WASM } from './group-objects.wasm.js';
import { KERNEL_MEMORY_LIMIT, layOut, ProcessKernel, useWasmKernels } from './instantiate.js';

interface Exports {
  orderObjects(...args: number[]): number;
  groups(...args: number[]): number;
}

const kernel = new ProcessKernel<Exports>(WASM);

/**
 * groupObjects (group-objects.ts) by group-objects.wat, from the detections' ranking `first` when
 * grouped by score; undefined when the kernels are off or the arrays would take its memory over
 * KERNEL_MEMORY_LIMIT. Its memory goes back to the pool.
 */
export function groupObjectsWasm(
  gt: CocoObjects,
  dt: CocoObjects,
  imageCount: number,
  categoryCount: number,
  useCats: boolean,
  first: Int32Array | undefined,
): ObjectGroups | undefined {
  if (!useWasmKernels()) return undefined;
  const nGt = gt.count;
  const nDt = dt.count;
  const cap = nGt + nDt;
  const { at, total } = layOut([
    ['gtImg', 4 * nGt],
    ['gtCat', 4 * nGt],
    ['dtImg', 4 * nDt],
    ['dtCat', 4 * nDt],
    ['first', 4 * nDt],
    ['tmp', 4 * Math.max(nGt, nDt)],
    ['starts', 4 * (Math.max(imageCount, categoryCount) + 1)],
    ['gtOrder', 4 * nGt],
    ['dtOrder', 4 * nDt],
    ['groupCategory', 4 * cap],
    ['groupImage', 4 * cap],
    ['gtStart', 4 * (cap + 1)],
    ['dtStart', 4 * (cap + 1)],
  ]);
  if (total > KERNEL_MEMORY_LIMIT) return undefined;
  const k = kernel.hold(total);
  const { exports: x, buffer } = k;
  try {
    const i32 = (name: string, n: number) => new Int32Array(buffer, at[name]!, n);
    i32('gtImg', nGt).set(gt.imageIndex.subarray(0, nGt));
    i32('gtCat', nGt).set(gt.categoryIndex.subarray(0, nGt));
    i32('dtImg', nDt).set(dt.imageIndex.subarray(0, nDt));
    i32('dtCat', nDt).set(dt.categoryIndex.subarray(0, nDt));
    if (first !== undefined) i32('first', nDt).set(first.subarray(0, nDt));
    const order = (n: number, from: number, img: number, cat: number, out: number) =>
      x.orderObjects(n, from, img, cat, useCats ? 1 : 0, imageCount, categoryCount, at.tmp!, at.starts!, out);
    const gtCount = order(nGt, -1, at.gtImg!, at.gtCat!, at.gtOrder!);
    const dtCount = order(nDt, first === undefined ? -1 : at.first!, at.dtImg!, at.dtCat!, at.dtOrder!);
    const g = x.groups(
      at.gtOrder!,
      gtCount,
      at.gtImg!,
      at.gtCat!,
      at.dtOrder!,
      dtCount,
      at.dtImg!,
      at.dtCat!,
      useCats ? 1 : 0,
      imageCount,
      at.groupCategory!,
      at.groupImage!,
      at.gtStart!,
      at.dtStart!,
    );
    return {
      groupCount: g,
      groupCategory: i32('groupCategory', g).slice(),
      groupImage: i32('groupImage', g).slice(),
      gtStart: i32('gtStart', g + 1).slice(),
      gtOrder: i32('gtOrder', gtCount).slice(),
      dtStart: i32('dtStart', g + 1).slice(),
      dtOrder: i32('dtOrder', dtCount).slice(),
      scoreOrder: first,
    };
  } finally {
    k.release();
  }
}
