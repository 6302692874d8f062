import { instantiate, KERNEL_MEMORY_LIMIT, layOut, useWasmKernels } from '../coco/wasm/instantiate.js';
import type { DetectionScenes } from '../detection-scenes.js';
import { WASM } from './confusion.wasm.js';

interface Exports {
  confusion(...args: number[]): number;
}

/**
 * detectionConfusion (confusion.ts) by confusion.wat: the (K + 1)² counts, row by row, and the
 * detections left out in crowd regions; undefined when the kernels are off or the scenes would take
 * its memory over KERNEL_MEMORY_LIMIT.
 */
export function confusionWasm(
  s: DetectionScenes,
  iouThreshold: number,
  scoreThreshold: number,
): { counts: Int32Array; ignored: number } | undefined {
  if (!useWasmKernels()) return undefined;
  const groups = s.groupCount;
  const K = s.categoryCount;
  let pairs = 0;
  let maxD = 0;
  let maxG = 0;
  for (let g = 0; g < groups; g++) {
    const D = s.dtStart[g + 1]! - s.dtStart[g]!;
    const G = s.gtStart[g + 1]! - s.gtStart[g]!;
    if (D * G > pairs) pairs = D * G;
    if (D > maxD) maxD = D;
    if (G > maxG) maxG = G;
  }
  const { at, total } = layOut([
    ['dtStart', 4 * (groups + 1)],
    ['gtStart', 4 * (groups + 1)],
    ['dtOrder', 4 * s.dtOrder.length],
    ['gtOrder', 4 * s.gtOrder.length],
    ['iouStart', 4 * groups],
    ['ious', 8 * s.ious.length],
    ['dtCategory', 4 * s.dtCategory.length],
    ['dtScore', 8 * s.dtScore.length],
    ['gtCategory', 4 * s.gtCategory.length],
    ['gtCrowd', s.gtCrowd.length],
    ['pairIou', 8 * pairs],
    ['pairD', 4 * pairs],
    ['pairJ', 4 * pairs],
    ['order', 4 * pairs],
    ['dtUsed', maxD],
    ['gtUsed', maxG],
    ['counts', 4 * (K + 1) * (K + 1)],
  ]);
  if (total > KERNEL_MEMORY_LIMIT) return undefined;
  const kernel = instantiate<Exports>(WASM, total);
  const { exports: x, buffer } = kernel;
  const i32 = (name: string, n: number) => new Int32Array(buffer, at[name]!, n);
  i32('dtStart', groups + 1).set(s.dtStart.subarray(0, groups + 1));
  i32('gtStart', groups + 1).set(s.gtStart.subarray(0, groups + 1));
  i32('dtOrder', s.dtOrder.length).set(s.dtOrder);
  i32('gtOrder', s.gtOrder.length).set(s.gtOrder);
  i32('iouStart', groups).set(s.iouStart.subarray(0, groups));
  new Float64Array(buffer, at.ious!, s.ious.length).set(s.ious);
  i32('dtCategory', s.dtCategory.length).set(s.dtCategory);
  new Float64Array(buffer, at.dtScore!, s.dtScore.length).set(s.dtScore);
  i32('gtCategory', s.gtCategory.length).set(s.gtCategory);
  new Uint8Array(buffer, at.gtCrowd!, s.gtCrowd.length).set(s.gtCrowd);
  const ignored = x.confusion(
    groups,
    K,
    at.dtStart!,
    at.gtStart!,
    at.dtOrder!,
    at.gtOrder!,
    at.iouStart!,
    at.ious!,
    at.dtCategory!,
    at.dtScore!,
    at.gtCategory!,
    at.gtCrowd!,
    iouThreshold,
    scoreThreshold,
    at.pairIou!,
    at.pairD!,
    at.pairJ!,
    at.order!,
    at.dtUsed!,
    at.gtUsed!,
    at.counts!,
  );
  // The counts copied out, the memory goes back to the pool.
  const counts = i32('counts', (K + 1) * (K + 1)).slice();
  kernel.release();
  return { counts, ignored };
}
