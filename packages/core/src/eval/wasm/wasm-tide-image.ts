import { instantiate, KERNEL_MEMORY_LIMIT, layOut, useWasmKernels } from '../coco/wasm/instantiate.js';
import type { DetectionScenes } from '../detection-scenes.js';
import { WASM } from './tide-image.wasm.js';

interface Exports {
  setScenes(...args: number[]): void;
  setState(...args: number[]): void;
  setOutputs(...args: number[]): void;
  tideImages(groupCount: number, counts: number): void;
}

/** TIDE's per-image step over every image of one batch (views of the kernel's memory). */
export interface TideImages {
  base: { n: number; type: Int8Array; category: Int32Array; score: Float64Array };
  positives: { n: number; type: Int8Array; category: Int32Array; score: Float64Array };
  errors: {
    n: number;
    type: Int8Array;
    det: Int32Array;
    gt: Int32Array;
    category: Int32Array;
    score: Float64Array;
    ignored: Uint8Array;
  };
  gtCount: Float64Array;
  falseNegatives: Float64Array;
  gtUsed: Uint8Array;
  gtBestDet: Int32Array;
  dtError: Int8Array;
  gtError: Int8Array;
  /** Gives the kernel's memory back to the pool: every array above is a view of it. */
  release(): void;
}

function maxDetections(scenes: DetectionScenes): number {
  let most = 0;
  for (let g = 0; g < scenes.groupCount; g++)
    most = Math.max(most, scenes.dtStart[g + 1]! - scenes.dtStart[g]!);
  return most;
}

/**
 * tide-image.wat: tide-image.ts's tideImage for every image of `scenes` (one batch, object numbers
 * from 0), the points' `score` column holding each detection's score, or -rank with `ranks`; undefined
 * when the kernels are off or it would take more memory than KERNEL_MEMORY_LIMIT.
 */
export function tideImagesWasm(
  scenes: DetectionScenes,
  ranks: Int32Array | undefined,
  tf: number,
  tb: number,
): TideImages | undefined {
  if (!useWasmKernels()) return undefined;
  const gc = scenes.groupCount;
  const K = scenes.categoryCount;
  const nDt = scenes.dtCategory.length;
  const nGt = scenes.gtCategory.length;
  const dts = scenes.dtOrder.length;
  const gts = scenes.gtOrder.length;
  const pairs = scenes.iouStart[gc]!;
  const errs = dts + gts;
  const maxD = maxDetections(scenes);
  const { at, total } = layOut([
    ['dtStart', 4 * (gc + 1)],
    ['dtOrder', 4 * dts],
    ['gtStart', 4 * (gc + 1)],
    ['gtOrder', 4 * gts],
    ['iouStart', 8 * (gc + 1)],
    ['ious', 8 * pairs],
    ['dtCategory', 4 * nDt],
    ['dtScore', 8 * nDt],
    ['dtKey', 8 * nDt],
    ['gtCategory', 4 * nGt],
    ['gtCrowd', nGt],
    ['gtCount', 8 * K],
    ['falseNegatives', 8 * K],
    ['gtUsed', nGt],
    ['gtBestDet', 4 * nGt],
    ['gtUsable', nGt],
    ['gtBestScore', 8 * nGt],
    ['dtError', nDt],
    ['gtError', nGt],
    ['matched', maxD],
    ['ignored', maxD],
    ['baseType', dts],
    ['baseCategory', 4 * dts],
    ['baseKey', 8 * dts],
    ['posType', dts],
    ['posCategory', 4 * dts],
    ['posKey', 8 * dts],
    ['errType', errs],
    ['errDet', 4 * errs],
    ['errGt', 4 * errs],
    ['errCategory', 4 * errs],
    ['errKey', 8 * errs],
    ['errIgnored', errs],
    ['counts', 12],
  ]);
  if (total > KERNEL_MEMORY_LIMIT) return undefined;
  const { exports: x, buffer, release } = instantiate<Exports>(WASM, total);
  const i32 = (name: string, n: number) => new Int32Array(buffer, at[name]!, n);
  const f64 = (name: string, n: number) => new Float64Array(buffer, at[name]!, n);
  const u8 = (name: string, n: number) => new Uint8Array(buffer, at[name]!, n);
  const i8 = (name: string, n: number) => new Int8Array(buffer, at[name]!, n);
  i32('dtStart', gc + 1).set(scenes.dtStart.subarray(0, gc + 1));
  i32('dtOrder', dts).set(scenes.dtOrder);
  i32('gtStart', gc + 1).set(scenes.gtStart.subarray(0, gc + 1));
  i32('gtOrder', gts).set(scenes.gtOrder);
  f64('iouStart', gc + 1).set(scenes.iouStart.subarray(0, gc + 1));
  f64('ious', pairs).set(scenes.ious.subarray(0, pairs));
  i32('dtCategory', nDt).set(scenes.dtCategory);
  f64('dtScore', nDt).set(scenes.dtScore.subarray(0, nDt));
  const key = f64('dtKey', nDt);
  if (ranks === undefined) key.set(scenes.dtScore.subarray(0, nDt));
  else for (let d = 0; d < nDt; d++) key[d] = -ranks[d]!;
  i32('gtCategory', nGt).set(scenes.gtCategory);
  u8('gtCrowd', nGt).set(scenes.gtCrowd.subarray(0, nGt));
  const gtBestDet = i32('gtBestDet', nGt).fill(-1);
  f64('gtBestScore', nGt).fill(-1);
  const dtError = i8('dtError', nDt).fill(-1);
  const gtError = i8('gtError', nGt).fill(-1);
  x.setScenes(
    at.dtStart!,
    at.dtOrder!,
    at.gtStart!,
    at.gtOrder!,
    at.iouStart!,
    at.ious!,
    at.dtCategory!,
    at.dtScore!,
    at.dtKey!,
    at.gtCategory!,
    at.gtCrowd!,
    tf,
    tb,
  );
  x.setState(
    at.gtCount!,
    at.falseNegatives!,
    at.gtUsed!,
    at.gtBestDet!,
    at.gtUsable!,
    at.gtBestScore!,
    at.dtError!,
    at.gtError!,
    at.matched!,
    at.ignored!,
  );
  x.setOutputs(
    at.baseType!,
    at.baseCategory!,
    at.baseKey!,
    at.posCategory!,
    at.posKey!,
    at.errType!,
    at.errDet!,
    at.errGt!,
    at.errCategory!,
    at.errKey!,
    at.errIgnored!,
  );
  x.tideImages(gc, at.counts!);
  const [nBase, nPos, nErr] = i32('counts', 3) as unknown as [number, number, number];
  return {
    base: {
      n: nBase,
      type: i8('baseType', dts),
      category: i32('baseCategory', dts),
      score: f64('baseKey', dts),
    },
    positives: {
      n: nPos,
      type: i8('posType', dts),
      category: i32('posCategory', dts),
      score: f64('posKey', dts),
    },
    errors: {
      n: nErr,
      type: i8('errType', errs),
      det: i32('errDet', errs),
      gt: i32('errGt', errs),
      category: i32('errCategory', errs),
      score: f64('errKey', errs),
      ignored: u8('errIgnored', errs),
    },
    gtCount: f64('gtCount', K),
    falseNegatives: f64('falseNegatives', K),
    gtUsed: u8('gtUsed', nGt),
    gtBestDet,
    dtError,
    gtError,
    release,
  };
}
